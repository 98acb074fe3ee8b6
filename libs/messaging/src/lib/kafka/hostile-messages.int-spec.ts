import fc from 'fast-check';
import type { Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import {
  CONVENING_CONTRACTS,
  ContractRegistry,
  ContractViolation,
  DEAD_LETTER_HEADERS,
  INTAKE_CONTRACTS,
  MEETING_CONTRACTS,
  PLAN_FOLLOWUP_CONTRACTS,
  deadLetterTopicOf,
} from '@perheverkko/contracts';
import { PostgresEventStore } from '@perheverkko/event-store';
import { PostgresCheckpoints } from '../postgres-checkpoints';
import { Publication } from '../publication';
import { Relay } from '../relay';
import { StepEffects, appendSteps, stepRecordedContract, uniqueName, until } from '../../testing/backbone-fixtures';
import { deadLetteringProcessor, onRealBroker } from '../../testing/real-broker';
import { KafkaConsumerRunner } from './kafka-consumer-runner';
import { KafkaPublisher } from './kafka-publisher';
import { ensureTopics } from './kafka-topics';

const brokers = process.env.KAFKA_BROKERS;
const databaseUrl = process.env.TEST_DATABASE_URL;
const skipReason = !brokers ? 'set KAFKA_BROKERS (npm run kafka:start)' : !databaseUrl ? 'set TEST_DATABASE_URL' : undefined;
if (skipReason) process.stderr.write(`skipped: malformed messages on a real broker — ${skipReason}\n`);

const MALFORMED = Number(process.env.HOSTILE_MESSAGES ?? 60);

/** Every published contract of the four services, plus the test topic's own: a consumer that knows them all. */
function everyContract(topic: string): ContractRegistry {
  return new ContractRegistry([
    ...INTAKE_CONTRACTS,
    ...CONVENING_CONTRACTS,
    ...MEETING_CONTRACTS,
    ...PLAN_FOLLOWUP_CONTRACTS,
    stepRecordedContract(topic),
  ]);
}

const odd = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('', '\u0000', '9'.repeat(300)),
);

/** Messages a consumer can never handle: bytes, broken or bare JSON, envelopes with something wrong, too big. */
function malformedMessages(registry: ContractRegistry): fc.Arbitrary<Buffer | null> {
  const knownTypes = [...INTAKE_CONTRACTS, ...CONVENING_CONTRACTS, ...MEETING_CONTRACTS, ...PLAN_FOLLOWUP_CONTRACTS]
    .map((c) => c.type)
    .concat('StepRecorded');
  const envelope = fc.record(
    {
      eventId: fc.oneof(fc.uuid(), odd),
      type: fc.oneof(fc.constantFrom(...knownTypes), odd),
      version: fc.oneof(fc.integer({ min: -1, max: 4 }), odd),
      caseId: fc.oneof(fc.uuid(), odd),
      occurredAt: fc.oneof(fc.constant('2026-11-23T10:00:00.000Z'), odd),
      correlationId: fc.oneof(fc.uuid(), odd),
      causationId: fc.oneof(fc.uuid(), odd),
      data: fc.oneof(fc.dictionary(fc.constantFrom('seq', 'note', 'caseId', 'zone', 'consentId', 'x'), odd, { maxKeys: 4 }), odd),
    },
    { requiredKeys: [] },
  );
  return fc
    .oneof(
      { arbitrary: envelope.map((e) => Buffer.from(JSON.stringify(e))), weight: 6 },
      { arbitrary: fc.uint8Array({ minLength: 1, maxLength: 200 }).map((b) => Buffer.from(b)), weight: 2 },
      { arbitrary: fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? 'undefined')), weight: 2 },
      { arbitrary: fc.string({ maxLength: 60 }).map((s) => Buffer.from(`{"eventId":"${s}`)), weight: 1 },
      { arbitrary: fc.constant(Buffer.from(JSON.stringify({ note: 'x'.repeat(900 * 1024) }))), weight: 1 },
      { arbitrary: fc.constant(null), weight: 1 },
    )
    .filter((bytes) => {
      try {
        registry.read(bytes);
        return false; // valid by chance: not what this spec sends
      } catch (error) {
        return error instanceof ContractViolation;
      }
    });
}

(skipReason ? describe.skip : describe)('malformed messages on a real broker', () => {
  let kafka: Kafka;
  let pool: Pool;
  let publisher: KafkaPublisher;
  const { stoppers, schemas } = onRealBroker('perheverkko-hostile-spec', databaseUrl, 8, (broker) => ({ kafka, pool, publisher } = broker));

  it('should dead-letter every malformed message with its bytes and reason, store nothing for it, and keep handling valid events', async () => {
    const producerSchema = schemas.name('hostile_producer');
    const consumerSchema = schemas.name('hostile_consumer');
    const topic = `${producerSchema}.events.v1`;
    await ensureTopics(kafka, [topic], { partitions: 3 }); // and its dead-letter topic
    const registry = everyContract(topic);
    const store = await PostgresEventStore.open({ pool, schema: producerSchema });
    const effects = new StepEffects(uniqueName('hostile_group'), consumerSchema);
    await effects.install(pool);
    const processor = await deadLetteringProcessor(publisher, { pool, schema: consumerSchema, registry, handler: effects });
    const runner = new KafkaConsumerRunner({ kafka, topics: [topic], processor });
    await runner.start();
    stoppers.push(() => runner.stop());
    const relay = new Relay({
      name: 'relay',
      store,
      checkpoints: await PostgresCheckpoints.open(pool, producerSchema),
      publication: new Publication(topic, registry),
      publisher,
      batchSize: 200,
      idlePollMs: 50,
    });
    const relaying = new AbortController();
    const relayed = relay.run(relaying.signal);
    stoppers.push(async () => {
      relaying.abort();
      await relayed.catch(() => undefined);
    });

    // Valid events before, among and after the malformed ones.
    let valid = 0;
    const appendValid = async (cases: number, perCase: number) => {
      await appendSteps(store, cases, perCase);
      valid += cases * perCase;
    };
    await appendValid(4, 5);
    const malformed = fc.sample(malformedMessages(registry), { numRuns: MALFORMED, seed: 20261123 });
    for (const [i, value] of malformed.entries()) {
      await publisher.publish([{ topic, key: `hostile-${i % 7}`, value, headers: {} }]);
      if (i % 20 === 10) await appendValid(2, 3);
    }
    await appendValid(4, 5);

    await until(async () => (await effects.count(pool)).effects >= valid, 120_000, `${valid} valid events handled`);
    const letters: Array<{ value: string | null; headers: Record<string, string> }> = [];
    const reader = kafka.consumer({ groupId: uniqueName('dlq-reader'), maxBytes: 10 * 1024 * 1024 });
    await reader.connect();
    await reader.subscribe({ topic: deadLetterTopicOf(topic), fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        letters.push({
          value: message.value === null ? null : message.value.toString('base64'),
          headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
        });
      },
    });
    stoppers.push(() => reader.disconnect());
    await until(async () => letters.length >= malformed.length, 60_000, `${malformed.length} dead letters`);
    await new Promise((resolve) => setTimeout(resolve, 500));

    // Each malformed message exactly once in the dead-letter topic, byte for byte, with why and who.
    const sent = malformed.map((m) => (m === null ? null : m.toString('base64'))).sort();
    expect(letters.map((l) => l.value).sort()).toEqual(sent);
    for (const letter of letters) {
      expect(letter.headers[DEAD_LETTER_HEADERS.error]).toMatch(
        /no value|not JSON|envelope is invalid|does not match its schema|unknown|no contract|newer than this reader|upcaster/i,
      );
      expect(letter.headers).toMatchObject({ [DEAD_LETTER_HEADERS.consumer]: effects.consumer, [DEAD_LETTER_HEADERS.sourceTopic]: topic });
    }
    // Nothing stored for them: the effects and the processed record hold the valid events only, once, in order.
    expect(await effects.count(pool)).toEqual({ effects: valid, distinctEvents: valid });
    const processed = await pool.query(`select count(*)::int as n from "${consumerSchema}".processed_events`);
    expect(processed.rows[0].n).toBe(valid);
    const order = await pool.query(
      `select count(*)::int as broken from (select seq, lag(seq) over (partition by case_id order by handled_order) as previous from "${consumerSchema}".effects) s where previous is not null and seq <> previous + 1`,
    );
    expect(order.rows[0].broken).toBe(0);
  }, 240_000);
});
