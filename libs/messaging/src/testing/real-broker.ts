import type { Kafka } from 'kafkajs';
import { Pool } from 'pg';
import { KafkaDeadLetters } from '../lib/dead-letters';
import { kafkaClient, requireKafkaConnection } from '../lib/kafka/kafka-connection';
import { KafkaPublisher } from '../lib/kafka/kafka-publisher';
import { MessageProcessor } from '../lib/message-processor';
import { ScratchSchemas } from './backbone-fixtures';

export interface RealBroker {
  kafka: Kafka;
  pool: Pool;
  publisher: KafkaPublisher;
}

/**
 * A backbone spec's connections to the real broker and database (KAFKA_BROKERS, `databaseUrl`): opened before its
 * tests and handed to `opened`; after them, what the tests pushed on `stoppers` is stopped (last first), the publisher
 * disconnected, the scratch `schemas` dropped and the pool ended.
 */
export function onRealBroker(clientId: string, databaseUrl: string | undefined, poolSize: number, opened: (broker: RealBroker) => void) {
  const stoppers: Array<() => Promise<unknown>> = [];
  const schemas = new ScratchSchemas();
  const broker: Partial<RealBroker> = {};
  beforeAll(async () => {
    broker.kafka = kafkaClient(clientId, requireKafkaConnection(), { log: 'nothing' });
    broker.pool = new Pool({ connectionString: databaseUrl, max: poolSize });
    broker.publisher = await KafkaPublisher.connect(broker.kafka);
    opened(broker as RealBroker);
  }, 60_000);
  afterAll(async () => {
    try {
      while (stoppers.length) await stoppers.pop()?.();
      await broker.publisher?.disconnect();
      if (broker.pool) await schemas.drop(broker.pool);
    } finally {
      await broker.pool?.end();
    }
  });
  return { stoppers, schemas };
}

/** A consuming service's processor whose dead letters go to the broker through `publisher`. */
export function deadLetteringProcessor(
  publisher: KafkaPublisher,
  options: Omit<Parameters<typeof MessageProcessor.open>[0], 'deadLetters'>,
): Promise<MessageProcessor> {
  return MessageProcessor.open({ ...options, deadLetters: new KafkaDeadLetters(publisher) });
}
