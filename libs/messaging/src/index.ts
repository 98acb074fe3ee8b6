export { PostgresCheckpoints } from './lib/postgres-checkpoints';
export { encodeIntegrationEvent, type TransportMessage } from './lib/messages';
export { Publication, envelopeOf, type EventPublication, type PublicationDecision } from './lib/publication';
export { AuditPublication } from './lib/audit-publication';
export { Relay, type MessagePublisher, type RelayOptions } from './lib/relay';
export { KafkaDeadLetters, PostgresDeadLetters, deadLetterOf, type DeadLetterSink } from './lib/dead-letters';
export { MessageProcessor, type IntegrationEventHandler, type MessageProcessorOptions, type ProcessingOutcome } from './lib/message-processor';
export { isTransientFailure } from './lib/transient-failure';
export { EmbeddedConsumerRunner, type EmbeddedConsumerRunnerOptions } from './lib/embedded-consumer-runner';
export { KafkaPublisher } from './lib/kafka/kafka-publisher';
export { KafkaConsumerRunner, type KafkaConsumerRunnerOptions } from './lib/kafka/kafka-consumer-runner';
export { ensureTopics } from './lib/kafka/kafka-topics';
export {
  KAFKA_CONNECTION_VARIABLES,
  KAFKA_SASL_MECHANISMS,
  KAFKA_SECURITY_PROTOCOLS,
  kafkaClient,
  readKafkaConnection,
  requireKafkaConnection,
  type KafkaConnection,
  type KafkaSaslMechanism,
  type KafkaSecurityProtocol,
} from './lib/kafka/kafka-connection';
export { KAFKA_SERVICE_ACCOUNTS, grantServiceAcls, serviceAcls } from './lib/kafka/kafka-service-acls';
