import type { Kafka } from 'kafkajs';
import { deadLetterTopicOf } from '@perheverkko/contracts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Creates a service topic and its dead-letter topic if missing, and waits until every partition has a leader.
 * Several processes may do this at once (services starting together): "already exists" and a broker that does
 * not know the new partitions yet are both fine, the wait settles it. Partitions bound how many consumer
 * instances share the work; a case always stays on one partition (its key), so it keeps its order.
 */
export async function ensureTopics(
  kafka: Kafka,
  topics: string[],
  options: { partitions?: number; replicationFactor?: number; timeoutMs?: number } = {},
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const wanted = topics.flatMap((topic) => [topic, deadLetterTopicOf(topic)]);
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      await admin
        .createTopics({
          waitForLeaders: false,
          topics: missing.map((topic) => ({
            topic,
            numPartitions: options.partitions ?? 6,
            replicationFactor: options.replicationFactor ?? 1,
          })),
        })
        .catch((error: { type?: string }) => {
          if (error.type !== 'TOPIC_ALREADY_EXISTS') throw error;
        });
    }
    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    for (;;) {
      try {
        const { topics: described } = await admin.fetchTopicMetadata({ topics: wanted });
        if (
          described.length === wanted.length &&
          described.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))
        )
          return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
      }
      if (Date.now() > deadline) throw new Error(`topics ${wanted.join(', ')} got no partition leaders in time`);
      await sleep(200);
    }
  } finally {
    await admin.disconnect();
  }
}
