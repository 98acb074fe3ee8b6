import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import type { MessageProcessor } from '../message-processor';
import type { TransportMessage } from '../messages';

interface KafkaConsumerRunnerOptions {
  kafka: Kafka;
  topics: string[];
  processor: MessageProcessor;
  /** Partitions handled side by side; messages of one partition (and so of one case) are always sequential. */
  partitionsConsumedConcurrently?: number;
  /** Fault injection for drills: runs after the effect committed and before the offset is committed. */
  afterProcess?: (message: TransportMessage) => void | Promise<void>;
}

function toTransportMessage(topic: string, partition: number, message: KafkaMessage): TransportMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.map(String).join(',') : String(value);
  }
  return { topic, partition, offset: message.offset, key: message.key?.toString() ?? null, value: message.value, headers };
}

/**
 * Feeds a consumer group's messages to the shared processor. The offset is committed only after the effect
 * (or the dead letter) is durable, so a crash between the two means redelivery, which the processor ignores.
 */
export class KafkaConsumerRunner {
  private consumer?: Consumer;

  constructor(private readonly options: KafkaConsumerRunnerOptions) {}

  async start(): Promise<void> {
    const { kafka, topics, processor } = this.options;
    // A member that crashed holds its partitions until its session times out: 10 s rather than kafkajs' 30 s, so a
    // killed instance's replacement (or the survivors) take over sooner (measured in the fault drills).
    const consumer = kafka.consumer({
      groupId: processor.consumer,
      allowAutoTopicCreation: false,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    // Messages of a partition are handled one after another; the offset is committed once per fetched batch, after
    // the last handled message's effect is durable. A crash mid-batch redelivers the rest of the batch, which the
    // processor recognises (processed record, or the store's idempotent append): one commit instead of one per message.
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        let handled: string | undefined;
        try {
          for (const message of batch.messages) {
            if (!isRunning() || isStale()) break;
            const transportMessage = toTransportMessage(batch.topic, batch.partition, message);
            await processor.process(transportMessage);
            await this.options.afterProcess?.(transportMessage);
            resolveOffset(message.offset);
            handled = message.offset;
            await heartbeat();
          }
        } finally {
          if (handled !== undefined)
            await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(handled) + 1n).toString() }]);
        }
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
