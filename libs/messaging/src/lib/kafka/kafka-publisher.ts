import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import type { TransportMessage } from '../messages';
import type { MessagePublisher } from '../messages';

/**
 * An idempotent kafkajs producer that waits for all in-sync replicas (acks = -1): a broker retry never
 * duplicates a batch, and a resolved publish is durable.
 */
export class KafkaPublisher implements MessagePublisher {
  private constructor(private readonly producer: Producer) {}

  static async connect(kafka: Kafka): Promise<KafkaPublisher> {
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    return new KafkaPublisher(producer);
  }

  async publish(messages: TransportMessage[]): Promise<void> {
    const byTopic = new Map<string, TransportMessage[]>();
    for (const message of messages) byTopic.set(message.topic, [...(byTopic.get(message.topic) ?? []), message]);
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, batch]) => ({
        topic,
        messages: batch.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
      })),
    });
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }
}
