import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresEventStore, type NewEvent } from '@perheverkko/event-store';
import { ReadModels, type ProjectionStatus, type RebuildProgress } from './read-models';
import type { ProjectionDefinition, ReadModelTable } from './read-model-table';

const databaseUrl = process.env.TEST_DATABASE_URL;
if (!databaseUrl) process.stderr.write('skipped: read models (rebuild progress) — set TEST_DATABASE_URL\n');

const SCHEMAS = { log: 'read_models_spec_log', projection: 'read_models_spec_tallies' };
const EVENTS = 4000;

/** Counts events per key: any fold will do, the spec is about where a rebuild stands. */
const tallies: ReadModelTable<{ key: string; count: number }> = {
  name: 'tallies',
  primaryKey: 'key',
  columns: { key: { type: 'text' }, count: { type: 'integer' } },
  keyOf: (event) => event.metadata.caseId,
  evolve: (row, event) => ({ key: event.metadata.caseId, count: (row?.count ?? 0) + 1 }),
};
const projection: ProjectionDefinition = { name: 'tallies', schema: SCHEMAS.projection, rulesVersion: 1, tables: [tallies] };

function ticked(key: string): NewEvent {
  return {
    type: 'Ticked',
    data: {},
    metadata: {
      eventId: randomUUID(),
      caseId: key,
      correlationId: 'c',
      causationId: 'c',
      actor: { id: 'spec', role: 'system', organisation: 'spec' },
      occurredAt: new Date().toISOString(),
      schemaVersion: 1,
    },
  };
}

/** Asks for the status every few milliseconds until `done` settles: every progress the projection reported meanwhile. */
async function watch(
  models: ReadModels,
  done: Promise<unknown>,
): Promise<Array<{ state: ProjectionStatus['state']; progress: RebuildProgress }>> {
  const seen: Array<{ state: ProjectionStatus['state']; progress: RebuildProgress }> = [];
  let finished = false;
  void done.finally(() => (finished = true));
  while (!finished) {
    const [status] = await models.status();
    if (status.progress) seen.push({ state: status.state, progress: status.progress });
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return seen;
}

async function dropSchemas(): Promise<void> {
  const admin = new Pool({ connectionString: databaseUrl });
  try {
    for (const schema of [SCHEMAS.log, ...['', '_next', '_retired'].map((suffix) => `${SCHEMAS.projection}${suffix}`)])
      await admin.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await admin.end();
  }
}

(databaseUrl ? describe : describe.skip)('a rebuild reports where it stands', () => {
  let store: PostgresEventStore;
  let models: ReadModels;

  beforeAll(async () => {
    await dropSchemas();
    store = await PostgresEventStore.open({ connectionString: databaseUrl!, schema: SCHEMAS.log });
    for (let stream = 0; stream < EVENTS / 100; stream++)
      await store.appendToStream(
        `S-${stream}`,
        Array.from({ length: 100 }, (_, i) => ticked(`k${(stream * 100 + i) % 37}`)),
        { expectedRevision: 'no_stream' },
      );
    // The log shows an event once no older transaction anywhere in the database is open: wait until all are readable.
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 50)))
      if ((await store.readAll({ maxCount: EVENTS + 1 })).length === EVENTS) break;
    // Pages of 20 events: a rebuild of 4000 moves 200 times, so the spec sees it on its way.
    models = await ReadModels.open({ connectionString: databaseUrl!, store, projections: [projection], rebuildPageSize: 20 });
  }, 120_000);

  afterAll(async () => {
    await models?.close();
    await store?.close();
    await dropSchemas();
  }, 60_000);

  it('should show a first build with the events applied and no total, since nothing has counted the log yet', async () => {
    const first = models.rebuild('tallies');
    const seen = await watch(models, first);
    await first;

    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every(({ state, progress }) => state === 'building' && progress.total === null && progress.secondsLeft === null)).toBe(
      true,
    );
    expect(seen.some(({ progress }) => progress.eventsApplied > 0 && progress.position !== null)).toBe(true);
    const [status] = await models.status();
    expect(status).toMatchObject({ state: 'live', eventsApplied: EVENTS, progress: null, lastRebuild: { events: EVENTS } });
  }, 60_000);

  it("should show a rebuild's position, total, fraction, pace and time left until it swaps in", async () => {
    const rebuilt = models.rebuild('tallies');
    const seen = await watch(models, rebuilt);
    const report = await rebuilt;

    expect(seen.length).toBeGreaterThan(2);
    for (const { state, progress } of seen) {
      expect(state).toBe('rebuilding');
      expect(progress.total).toBe(EVENTS);
      expect(progress.eventsApplied).toBeLessThanOrEqual(EVENTS);
      expect(progress.fraction).toBeCloseTo(progress.eventsApplied / EVENTS, 3);
    }
    const moving = seen.filter(({ progress }) => progress.eventsApplied > 0 && progress.eventsApplied < EVENTS);
    expect(moving.length).toBeGreaterThan(0);
    for (const { progress } of moving) {
      expect(progress.eventsPerSecond).toBeGreaterThan(0);
      expect(progress.secondsLeft).toBeGreaterThanOrEqual(0);
      expect(Date.parse(progress.estimatedFinishAt ?? '')).toBeGreaterThanOrEqual(Date.parse(progress.startedAt));
      expect(BigInt(progress.position?.commit ?? '0')).toBeGreaterThan(0n);
    }
    // Applied only grows.
    const applied = seen.map(({ progress }) => progress.eventsApplied);
    expect(applied).toEqual([...applied].sort((a, b) => a - b));
    expect(report.events).toBe(EVENTS);
    const [status] = await models.status();
    expect(status).toMatchObject({ state: 'live', progress: null, lastRebuild: report });
  }, 60_000);

  describe('with two replicas on the one database', () => {
    let other: ReadModels;

    beforeAll(async () => {
      // Pages of 20 events and a flush every page: the other replica sees the copy written down as it grows.
      other = await ReadModels.open({ connectionString: databaseUrl!, store, projections: [projection], rebuildPageSize: 20 });
    });
    afterAll(async () => other?.close());

    it("should refuse a second replica's rebuild while one runs, and show the first one's progress on both", async () => {
      const { done } = await models.beginRebuild('tallies');
      await expect(other.beginRebuild('tallies')).rejects.toThrow(/already being rebuilt by another replica/);
      await expect(other.rebuild('tallies')).rejects.toThrow(/by another replica/);
      const seen = await watch(other, done);
      const report = await done;

      // The replica that does not rebuild still answers where the rebuild stands: from the lock and the shadow copy.
      expect(seen.length).toBeGreaterThan(0);
      for (const { state, progress } of seen) {
        expect(state).toBe('rebuilding');
        expect(progress.total).toBe(EVENTS);
        expect(Date.parse(progress.startedAt)).toBeLessThanOrEqual(Date.now());
      }
      const [after] = await other.status();
      expect(after).toMatchObject({ state: 'live', eventsApplied: EVENTS, progress: null });
      expect(report.events).toBe(EVENTS);
      // Let go of with the rebuild: the other replica may rebuild now.
      await expect(other.rebuild('tallies')).resolves.toMatchObject({ events: EVENTS });
    }, 60_000);
  });
});
