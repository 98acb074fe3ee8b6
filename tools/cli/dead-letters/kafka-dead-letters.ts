import { randomBytes } from 'node:crypto';
import { DEAD_LETTER_HEADERS, HEADERS } from '@perheverkko/contracts';
import {
  KafkaPublisher,
  kafkaClient,
  requireKafkaConnection,
  type KafkaAdmin as Admin,
  type KafkaClient as Kafka,
  type KafkaRecord as KafkaMessage,
} from '@perheverkko/messaging';

/** A message a consumer (or a relay) set aside in `<topic>.dlq`, as the list shows it. */
export interface DeadLetter {
  /** Where it lies: the dead-letter topic, partition and offset (`partition/offset` names it in commands). */
  topic: string;
  partition: number;
  offset: string;
  sourceTopic: string;
  /** Where it was consumed from; absent for a relay's letter (a stored event that was never published). */
  source?: { partition: number; offset: string };
  consumer: string;
  failedAt: string;
  error: string;
  eventId?: string;
  eventType?: string;
  caseId?: string;
  /** When and by whom it was replayed, from the replay log; absent: not replayed. */
  replayed?: ReplayRecord;
}

export interface ReplayRecord {
  replayedAt: string;
  by: string;
  to: string;
  eventId?: string;
  /** How many replays the log holds for the letter (this the latest); absent in a record as written. */
  times?: number;
}

interface Letter extends DeadLetter {
  message: KafkaMessage;
}

const DLQ = '.dlq';
/**
 * The replay log of a dead-letter topic, the durable record of who replayed which letter when and to where: compacted,
 * and keyed `partition/offset@replayedAt`, so every replay is kept for good (no two records share a key) and the
 * latest of a letter's decides whether it is skipped.
 */
export const replayLogOf = (deadLetterTopic: string) => `${deadLetterTopic}.replays`;
export const deadLetterTopicFor = (topic: string) => (topic.endsWith(DLQ) ? topic : `${topic}${DLQ}`);
export const letterId = (letter: Pick<DeadLetter, 'partition' | 'offset'>) => `${letter.partition}/${letter.offset}`;

const text = (value: Buffer | string | (Buffer | string)[] | undefined): string | undefined =>
  value === undefined ? undefined : Array.isArray(value) ? text(value[0]) : value.toString();

/**
 * The dead letters on the brokers the services use (KAFKA_* settings, read as the services read them), listed and
 * replayed by this CLI. A replay publishes the original message (key, value, its own headers) to its source topic
 * again: every consumer group there sees it, and those that had handled the event already recognise its event id and
 * skip it (ADR 0007), so replaying is harmless to them. Each replay is recorded in `<dlq>.replays` (by the
 * administrator the API signed in: the command records it there too) before the command reports it, and a letter
 * recorded there is not replayed again unless asked (`--again`).
 */
export class KafkaDeadLetters {
  private constructor(
    private readonly kafka: Kafka,
    private readonly admin: Admin,
    private readonly groupPrefix: string,
  ) {}

  static async connect(env: NodeJS.ProcessEnv = process.env): Promise<KafkaDeadLetters> {
    // Quiet and quick to give up: a command reports one clear error instead of kafkajs's retry log.
    const kafka = kafkaClient('perheverkko-cli', requireKafkaConnection(env), { log: 'nothing', retries: 2 });
    const admin = kafka.admin();
    await admin.connect();
    // A service's account may join only its own groups (`<service>.`): list under its name.
    return new KafkaDeadLetters(kafka, admin, env.PERHEVERKKO_GROUP_PREFIX ?? env.KAFKA_SASL_USERNAME ?? 'perheverkko-cli');
  }

  async close(): Promise<void> {
    await this.admin.disconnect();
  }

  /** The dead-letter topics, or the one for `topic` (a source topic or its `.dlq`). */
  async topics(topic?: string): Promise<string[]> {
    const existing = await this.admin.listTopics();
    if (topic) {
      const wanted = deadLetterTopicFor(topic);
      if (!existing.includes(wanted)) throw new Error(`no dead-letter topic ${wanted} on the brokers`);
      return [wanted];
    }
    return existing.filter((name) => name.endsWith(DLQ)).sort();
  }

  /** Every letter of a dead-letter topic, oldest first per partition, with what the replay log says of it. */
  async letters(topic: string): Promise<Letter[]> {
    const messages = await this.readAll(topic);
    const replays = await this.replays(topic);
    return messages.map(({ partition, message }) => {
      const headers = message.headers ?? {};
      const header = (name: string) => text(headers[name]);
      const sourcePartition = header(DEAD_LETTER_HEADERS.sourcePartition);
      const sourceOffset = header(DEAD_LETTER_HEADERS.sourceOffset);
      const letter: Letter = {
        topic,
        partition,
        offset: message.offset,
        sourceTopic: header(DEAD_LETTER_HEADERS.sourceTopic) ?? topic.slice(0, -DLQ.length),
        ...(sourcePartition !== undefined && sourceOffset !== undefined
          ? { source: { partition: Number(sourcePartition), offset: sourceOffset } }
          : {}),
        consumer: header(DEAD_LETTER_HEADERS.consumer) ?? '?',
        failedAt: header(DEAD_LETTER_HEADERS.failedAt) ?? new Date(Number(message.timestamp)).toISOString(),
        error: (header(DEAD_LETTER_HEADERS.error) ?? '').slice(0, 300),
        eventId: header(HEADERS.eventId),
        eventType: header(HEADERS.eventType),
        caseId: message.key?.toString(),
        message,
      };
      const replayed = replays.get(letterId(letter));
      return replayed ? { ...letter, replayed } : letter;
    });
  }

  /**
   * Publishes the letters to their source topics and records each replay. A relay's letter (never published: the
   * stored event breaks its contract) cannot be replayed: it would be set aside again, so it is refused.
   */
  async replay(letters: Letter[], by: string, onReplayed: (letter: Letter, record: ReplayRecord) => void): Promise<void> {
    const unreplayable = letters.filter((letter) => !letter.source);
    if (unreplayable.length > 0)
      throw new Error(
        `${unreplayable.map(letterId).join(', ')} of ${unreplayable[0].topic} never reached a consumer (the relay set a stored event aside: it breaks its contract); fix the contract or add an upcaster instead`,
      );
    if (letters.length === 0) return;
    await this.ensureReplayLog(letters[0].topic);
    const publisher = await KafkaPublisher.connect(this.kafka);
    try {
      for (const letter of letters) {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(letter.message.headers ?? {})) {
          const header = text(value);
          if (header !== undefined && !Object.values(DEAD_LETTER_HEADERS).includes(name as never)) headers[name] = header;
        }
        headers['dlq-replay-of'] = `${letter.topic}/${letterId(letter)}`;
        const record: ReplayRecord = { replayedAt: new Date().toISOString(), by, to: letter.sourceTopic, eventId: letter.eventId };
        await publisher.publish([
          { topic: letter.sourceTopic, key: letter.message.key?.toString() ?? null, value: letter.message.value, headers },
        ]);
        // Recorded after the publish: a crash in between replays it once more at worst, which consumers skip by event id.
        await publisher.publish([
          {
            topic: replayLogOf(letter.topic),
            key: `${letterId(letter)}@${record.replayedAt}`,
            value: Buffer.from(JSON.stringify(record)),
            headers: {},
          },
        ]);
        onReplayed(letter, record);
      }
    } finally {
      await publisher.disconnect();
    }
  }

  /** Every replay of a dead-letter topic's letters, in the order they were made: what an auditor reads. */
  async replayLog(topic: string): Promise<Array<{ letter: string; record: ReplayRecord }>> {
    const log = replayLogOf(topic);
    if (!(await this.admin.listTopics()).includes(log)) return [];
    const entries: Array<{ letter: string; record: ReplayRecord }> = [];
    for (const { message } of await this.readAll(log)) {
      // Records written before replays were keyed by time are keyed by the letter alone.
      const letter = message.key?.toString().split('@')[0];
      if (letter && message.value) entries.push({ letter, record: JSON.parse(message.value.toString()) as ReplayRecord });
    }
    return entries.sort((a, b) => a.record.replayedAt.localeCompare(b.record.replayedAt));
  }

  /** Each letter's latest replay, with how many there were. */
  private async replays(topic: string): Promise<Map<string, ReplayRecord>> {
    const latest = new Map<string, ReplayRecord>();
    for (const { letter, record } of await this.replayLog(topic))
      latest.set(letter, { ...record, times: (latest.get(letter)?.times ?? 0) + 1 });
    return latest;
  }

  private async ensureReplayLog(topic: string): Promise<void> {
    const log = replayLogOf(topic);
    if ((await this.admin.listTopics()).includes(log)) return;
    await this.admin
      .createTopics({
        waitForLeaders: true,
        topics: [{ topic: log, numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }],
      })
      .catch((error: { type?: string }) => {
        if (error.type !== 'TOPIC_ALREADY_EXISTS') throw error;
      });
  }

  /** Reads a topic from its start to the end it had when asked, in a throwaway consumer group that commits nothing. */
  private async readAll(topic: string, timeoutMs = 60_000): Promise<Array<{ partition: number; message: KafkaMessage }>> {
    const ends = (await this.admin.fetchTopicOffsets(topic)).filter((p) => BigInt(p.high) > BigInt(p.low));
    if (ends.length === 0) return [];
    const pending = new Map(ends.map((p) => [p.partition, BigInt(p.high) - 1n]));
    const read: Array<{ partition: number; message: KafkaMessage }> = [];
    const consumer = this.kafka.consumer({
      groupId: `${this.groupPrefix}.cli-${randomBytes(6).toString('hex')}`,
      allowAutoTopicCreation: false,
    });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`reading ${topic} took longer than ${timeoutMs / 1000} s`)), timeoutMs);
        consumer
          .run({
            autoCommit: false,
            eachMessage: async ({ partition, message }) => {
              const last = pending.get(partition);
              if (last === undefined || BigInt(message.offset) > last) return;
              read.push({ partition, message });
              if (BigInt(message.offset) >= last) pending.delete(partition);
              if (pending.size === 0) {
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
    return read.sort((a, b) => a.partition - b.partition || Number(BigInt(a.message.offset) - BigInt(b.message.offset)));
  }
}
