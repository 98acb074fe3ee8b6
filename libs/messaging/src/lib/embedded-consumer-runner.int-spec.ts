import type { Pool } from 'pg';
import { PostgresEventStore } from '@perheverkko/event-store';
import { EmbeddedConsumerRunner } from './embedded-consumer-runner';
import { MessageProcessor } from './message-processor';
import { PostgresCheckpoints } from './postgres-checkpoints';
import { PostgresDeadLetters } from './dead-letters';
import { Publication } from './publication';
import { StepEffects, appendSteps, registryFor, stepEvent, until } from '../testing/backbone-fixtures';
import { onEmbeddedPostgres } from '../testing/embedded-database';

const TOPIC = 'plan-followup.events.v1';

describe('the embedded transport (npm start)', () => {
  let pool: Pool;
  let store: PostgresEventStore;
  onEmbeddedPostgres(
    3,
    async (opened) => {
      pool = opened;
      store = await PostgresEventStore.open({ pool, schema: 'plan_followup', idlePollMs: 50 });
    },
    () => store.close(),
  );

  it('should feed the same consumer code every published event exactly once, across a restart', async () => {
    const registry = registryFor(TOPIC);
    const effects = new StepEffects('reporting-steps', 'reporting');
    await effects.install(pool);
    const processor = await MessageProcessor.open({
      pool,
      schema: 'reporting',
      registry,
      handler: effects,
      deadLetters: await PostgresDeadLetters.open(pool, 'reporting'),
    });
    const checkpoints = await PostgresCheckpoints.open(pool, 'reporting');
    const runner = () =>
      new EmbeddedConsumerRunner({
        source: { store, publication: new Publication(TOPIC, registry) },
        processor,
        checkpoints,
        batchSize: 100,
      });

    // A stored event that breaks its own contract is set aside as a dead letter instead of stopping everything after it.
    const broken = stepEvent('broken-case', 0);
    broken.data = { seq: 'not a number', note: 'x' };
    await store.appendToStream('Plan-broken', [broken], { expectedRevision: 'no_stream' });
    await appendSteps(store, 20, 25);
    // A private event (no contract) is not published, but the consumer still moves past it.
    await store.appendToStream('Plan-private', [stepEvent('private', 0, 'InternalNoteWritten')], { expectedRevision: 'no_stream' });

    const first = new AbortController();
    const running = runner().run(first.signal);
    await until(async () => (await effects.count(pool)).effects === 500, 60_000, '500 effects');
    first.abort();
    await running;

    await appendSteps(store, 4, 25);
    const second = new AbortController();
    const resumed = runner().run(second.signal);
    await until(async () => (await effects.count(pool)).effects === 600, 60_000, '600 effects');
    second.abort();
    await resumed;
    expect(await effects.count(pool)).toEqual({ effects: 600, distinctEvents: 600 });
    const letters = await pool.query<{ headers: Record<string, string> }>('select headers from reporting.dead_letters');
    expect(letters.rows).toHaveLength(1);
    expect(letters.rows[0].headers['dlq-error']).toMatch(/StepRecorded v2 does not match its schema/);
  }, 120_000);
});
