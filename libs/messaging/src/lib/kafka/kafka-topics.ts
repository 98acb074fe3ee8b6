import type { Kafka } from 'kafkajs';
import { deadLetterTopicOf } from '@perheverkko/contracts';

/**
 * Creates a service topic and its dead-letter topic if missing. Partitions bound how many consumer instances
 * share the work; a case always stays on one partition (its key), so it keeps its order.
 */
export async function ensureTopics(kafka: Kafka, topics: string[], options: { partitions?: number; replicationFactor?: number } = {}): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = topics.flatMap((topic) => [topic, deadLetterTopicOf(topic)]).filter((t) => !existing.has(t));
    if (wanted.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: wanted.map((topic) => ({
        topic,
        numPartitions: options.partitions ?? 6,
        replicationFactor: options.replicationFactor ?? 1,
      })),
    });
  } finally {
    await admin.disconnect();
  }
}
