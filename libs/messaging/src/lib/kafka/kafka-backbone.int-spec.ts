import type { Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import { DEAD_LETTER_HEADERS, deadLetterTopicOf } from '@perheverkko/contracts';
import { PostgresEventStore } from '@perheverkko/event-store';
import { PostgresCheckpoints } from '../postgres-checkpoints';
import { Publication } from '../publication';
import { Relay } from '../relay';
import { StepEffects, appendSteps, registryFor, uniqueName, until } from '../../testing/backbone-fixtures';
import { deadLetteringProcessor, onRealBroker } from '../../testing/real-broker';
import { KafkaConsumerRunner } from './kafka-consumer-runner';
import { KafkaPublisher } from './kafka-publisher';
import { ensureTopics } from './kafka-topics';

const brokers = process.env.KAFKA_BROKERS;
const databaseUrl = process.env.TEST_DATABASE_URL;
const skipReason = !brokers
  ? 'set KAFKA_BROKERS (npm run kafka:start, then KAFKA_BROKERS=127.0.0.1:9092)'
  : !databaseUrl
    ? 'set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)'
    : undefined;
if (skipReason) process.stderr.write(`skipped: Kafka backbone on a real broker — ${skipReason}\n`);

(skipReason ? describe.skip : describe)('Kafka backbone on a real broker', () => {
  let kafka: Kafka;
  let pool: Pool;
  let publisher: KafkaPublisher;
  const { stoppers, schemas } = onRealBroker(
    'perheverkko-backbone-spec',
    databaseUrl,
    12,
    (broker) => ({ kafka, pool, publisher } = broker),
  );

  afterEach(async () => {
    while (stoppers.length) await stoppers.pop()!();
  });

  /** A publishing service (its own schema, store, topic) and a consuming service (its own schema, group). */
  async function backbone() {
    const producerSchema = schemas.name('producer');
    const consumerSchema = schemas.name('consumer');
    const topic = `${producerSchema}.events.v1`;
    await ensureTopics(kafka, [topic], { partitions: 6 });
    const store = await PostgresEventStore.open({ pool, schema: producerSchema });
    const registry = registryFor(topic);
    const publication = new Publication(topic, registry);
    const checkpoints = await PostgresCheckpoints.open(pool, producerSchema);
    const effects = new StepEffects(uniqueName('group'), consumerSchema);
    await effects.install(pool);
    const seen: string[] = [];

    const startConsumer = async (afterProcess?: (eventId: string) => void) => {
      const processor = await deadLetteringProcessor(publisher, { pool, schema: consumerSchema, registry, handler: effects });
      const runner = new KafkaConsumerRunner({
        kafka,
        topics: [topic],
        processor,
        afterProcess: (message) => {
          const eventId = message.headers['event-id'];
          seen.push(eventId);
          afterProcess?.(eventId);
        },
      });
      await runner.start();
      stoppers.push(() => runner.stop());
      return runner;
    };

    const relay = (afterPublish?: () => void) =>
      new Relay({ name: 'relay', store, checkpoints, publication, publisher, batchSize: 500, idlePollMs: 50, afterPublish });
    const runRelay = (afterPublish?: () => void) => {
      const controller = new AbortController();
      const running = relay(afterPublish).run(controller.signal);
      stoppers.push(async () => {
        controller.abort();
        await running.catch(() => undefined);
      });
      return running;
    };

    async function perCaseOrderHolds(): Promise<boolean> {
      const { rows } = await pool.query<{ broken: number }>(
        `select count(*)::int as broken from (
           select seq, lag(seq) over (partition by case_id order by handled_order) as previous
             from "${consumerSchema}".effects) s
         where previous is not null and seq <> previous + 1`,
      );
      return rows[0].broken === 0;
    }

    async function messagesOnTopic(name = topic): Promise<number> {
      const admin = kafka.admin();
      await admin.connect();
      const offsets = await admin.fetchTopicOffsets(name);
      await admin.disconnect();
      return offsets.reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0);
    }

    return { topic, store, effects, seen, startConsumer, runRelay, relay, perCaseOrderHolds, messagesOnTopic };
  }

  it('should relay 10,000 events and have exactly 10,000 effects, each case in order, with 6 partitions and 2 consumers', async () => {
    const b = await backbone();
    await appendSteps(b.store, 200, 50);
    await Promise.all([b.startConsumer(), b.startConsumer()]);
    void b.runRelay();
    await until(async () => (await b.effects.count(pool)).effects >= 10_000, 240_000, '10,000 effects');
    await new Promise((resolve) => setTimeout(resolve, 1000)); // anything extra would show up now
    expect(await b.effects.count(pool)).toEqual({ effects: 10_000, distinctEvents: 10_000 });
    expect(await b.perCaseOrderHolds()).toBe(true);
    expect(await b.messagesOnTopic(deadLetterTopicOf(b.topic))).toBe(0);
  }, 300_000);

  it('should have no second effect when a consumer crashes between the database commit and the offset commit', async () => {
    const b = await backbone();
    await appendSteps(b.store, 20, 25);
    let crashed = false;
    await b.startConsumer(() => {
      if (!crashed && b.seen.length === 100) {
        crashed = true;
        throw new Error('simulated crash after the effect committed, before the offset commit');
      }
    });
    void b.runRelay();
    await until(async () => (await b.effects.count(pool)).effects >= 500, 120_000, '500 effects');
    await until(async () => b.seen.length > 500, 30_000, 'the crashed message to be delivered again');
    expect(crashed).toBe(true);
    expect(await b.effects.count(pool)).toEqual({ effects: 500, distinctEvents: 500 });
    expect(await b.perCaseOrderHolds()).toBe(true);
  }, 180_000);

  it('should publish every event at least once when the relay dies after publishing and before its checkpoint', async () => {
    const b = await backbone();
    await appendSteps(b.store, 40, 50);
    let batches = 0;
    const dying = b.relay(() => {
      if (++batches === 2) throw new Error('simulated relay crash after publish, before checkpoint');
    });
    const controller = new AbortController();
    await expect(dying.run(controller.signal)).rejects.toThrow(/simulated relay crash/);
    void b.runRelay(); // the restarted relay resumes from the checkpoint of batch 1
    await b.startConsumer();
    await until(async () => (await b.effects.count(pool)).effects >= 2000, 120_000, '2,000 effects');
    expect(await b.messagesOnTopic()).toBe(2500); // batch 2 was published twice
    expect(await b.effects.count(pool)).toEqual({ effects: 2000, distinctEvents: 2000 });
  }, 180_000);

  it('should send a poison message to the dead-letter topic with its error and bytes, and move on', async () => {
    const b = await backbone();
    await publisher.publish([{ topic: b.topic, key: 'poisoned-case', value: Buffer.from('{"this is": not json'), headers: {} }]);
    await appendSteps(b.store, 3, 2);
    await b.startConsumer();
    void b.runRelay();
    await until(async () => (await b.effects.count(pool)).effects >= 6, 60_000, 'the valid events after the poison');

    const reader = kafka.consumer({ groupId: uniqueName('dlq-reader') });
    await reader.connect();
    await reader.subscribe({ topic: deadLetterTopicOf(b.topic), fromBeginning: true });
    const letters: Array<{ value: string; headers: Record<string, string> }> = [];
    await reader.run({
      eachMessage: async ({ message }) => {
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
        letters.push({ value: message.value!.toString(), headers });
      },
    });
    stoppers.push(() => reader.disconnect());
    await until(async () => letters.length === 1, 60_000, 'the dead letter');
    expect(letters[0].value).toBe('{"this is": not json');
    expect(letters[0].headers[DEAD_LETTER_HEADERS.error]).toMatch(/not JSON/);
    expect(letters[0].headers[DEAD_LETTER_HEADERS.sourceTopic]).toBe(b.topic);
    expect(await b.effects.count(pool)).toEqual({ effects: 6, distinctEvents: 6 });
  }, 120_000);

  it('should keep effects exact and cases in order through rebalances while events keep coming', async () => {
    const b = await backbone();
    const first = await b.startConsumer();
    void b.runRelay();
    const producing = appendSteps(b.store, 60, 40);
    await until(async () => (await b.effects.count(pool)).effects >= 300, 120_000, 'the first effects');
    await b.startConsumer(); // a second instance joins: rebalance
    await until(async () => (await b.effects.count(pool)).effects >= 1200, 120_000, 'effects after the join');
    await first.stop(); // the first leaves: rebalance again
    await producing;
    await until(async () => (await b.effects.count(pool)).effects >= 2400, 180_000, '2,400 effects');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await b.effects.count(pool)).toEqual({ effects: 2400, distinctEvents: 2400 });
    expect(await b.perCaseOrderHolds()).toBe(true);
  }, 300_000);
});
