export { PostgresCheckpoints } from './lib/postgres-checkpoints';
export { encodeIntegrationEvent } from './lib/messages';
export { Publication } from './lib/publication';
export { AuditPublication } from './lib/audit-publication';
export { Relay } from './lib/relay';
export {
  KafkaDeadLetters,
  PostgresDeadLetters,
  originalOf,
  redactedPayload,
  type ReplayOutcome,
  type StoredDeadLetter,
} from './lib/dead-letters';
export { MessageProcessor, type IntegrationEventHandler } from './lib/message-processor';
export type { SourcePublication, Subscription } from './lib/subscription';
export { isTransientFailure } from './lib/transient-failure';
export { EmbeddedConsumerRunner } from './lib/embedded-consumer-runner';
export { KafkaPublisher } from './lib/kafka/kafka-publisher';
export { KafkaConsumerRunner } from './lib/kafka/kafka-consumer-runner';
export { ensureTopics } from './lib/kafka/kafka-topics';
export {
  KAFKA_CONNECTION_VARIABLES,
  kafkaClient,
  readKafkaConnection,
  requireKafkaConnection,
  type KafkaAdmin,
  type KafkaClient,
  type KafkaClientOptions,
  type KafkaConnection,
  type KafkaRecord,
} from './lib/kafka/kafka-connection';
export { grantServiceAcls } from './lib/kafka/kafka-service-acls';
