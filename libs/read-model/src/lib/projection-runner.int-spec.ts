import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresEventStore, type NewEvent } from '@perheverkko/event-store';
import { ProjectionRunner } from './projection-runner';
import {
  entityOf,
  shapeOf,
  stateEntityNameOf,
  stateEntityOf,
  type ProjectionDefinition,
  type ProjectionState,
  type ReadModelTable,
} from './read-model-table';

const databaseUrl = process.env.TEST_DATABASE_URL;
if (!databaseUrl) process.stderr.write('skipped: projection runner — set TEST_DATABASE_URL\n');

const LOG = 'runner_spec_log';

interface Tally {
  key: string;
  count: number;
  lastNote: string | null;
}

/** Counts "Ticked" events per key; "Cleared" deletes the row: enough to tell a lost, doubled or stale fold. */
const tallies: ReadModelTable<Tally> = {
  name: 'tallies',
  primaryKey: 'key',
  columns: { key: { type: 'text' }, count: { type: 'integer' }, lastNote: { type: 'text', nullable: true } },
  keyOf: (event) => (event.data as { key?: string }).key,
  evolve: (row, event) => {
    if (event.type === 'Cleared') return null;
    return {
      key: row?.key ?? (event.data as { key: string }).key,
      count: (row?.count ?? 0) + 1,
      lastNote: (event.data as { note?: string }).note ?? null,
    };
  },
};

const projection = (schema: string): ProjectionDefinition => ({ name: 'tallies', schema, rulesVersion: 1, tables: [tallies] });

function happened(type: string, key: string, note: string): NewEvent {
  return {
    type,
    data: { key, note },
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

/** A small history where keys come back after being cleared, spread over many streams. */
function history(): Array<{ stream: string; events: NewEvent[] }> {
  const appends: Array<{ stream: string; events: NewEvent[] }> = [];
  for (let i = 0; i < 60; i++) {
    const key = `k${i % 9}`;
    const events = [happened('Ticked', key, `n${i}`), happened('Ticked', `k${(i * 7) % 11}`, `m${i}`)];
    if (i % 13 === 5) events.push(happened('Cleared', key, ''));
    appends.push({ stream: `S-${i}`, events });
  }
  return appends;
}

/** Every schema the suite made on the shared server: dropped in afterAll, also after a failure. */
const made = new Set<string>([LOG]);

async function emptyCopy(schema: string): Promise<DataSource> {
  made.add(schema);
  const definition = projection(schema);
  const dataSource = new DataSource({
    type: 'postgres',
    url: databaseUrl,
    entities: [entityOf(tallies as unknown as ReadModelTable, schema), stateEntityOf(schema)],
    poolSize: 2,
  });
  await dataSource.initialize();
  await dataSource.query(`drop schema if exists "${schema}" cascade`);
  await dataSource.query(`create schema "${schema}"`);
  await dataSource.synchronize();
  await dataSource.getRepository<ProjectionState>(stateEntityNameOf(schema)).insert({
    name: 'tallies',
    commitPosition: null,
    preparePosition: null,
    shape: shapeOf(definition),
    eventsApplied: 0,
    updatedAt: null,
  });
  return dataSource;
}

(databaseUrl ? describe : describe.skip)('building a projection from an empty copy', () => {
  let store: PostgresEventStore;
  const copies: DataSource[] = [];
  let expected: Tally[];
  let total = 0;

  beforeAll(async () => {
    const admin = new Pool({ connectionString: databaseUrl });
    await admin.query(`drop schema if exists ${LOG} cascade`);
    await admin.end();
    store = await PostgresEventStore.open({ connectionString: databaseUrl!, schema: LOG });
    for (const { stream, events } of history()) {
      await store.appendToStream(stream, events, { expectedRevision: 'no_stream' });
      total += events.length;
    }
    // The reference: the live follower's path, one small batch at a time, rows read back every batch.
    const stepwise = await emptyCopy('runner_spec_stepwise');
    copies.push(stepwise);
    // The log shows an event once no older transaction anywhere in the database is still open (the store's
    // visibility horizon): on a server other specs share, a catch-up may stop early and the next one go on.
    const stepper = new ProjectionRunner(stepwise, store, projection('runner_spec_stepwise'), 'runner_spec_stepwise', 4);
    let applied = 0;
    for (const deadline = Date.now() + 30_000; applied < total && Date.now() < deadline;) {
      applied += await stepper.catchUp();
      if (applied < total) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(applied).toBe(total);
    expected = await stepwise.query('select key, count, last_note from runner_spec_stepwise.tallies order by key');
  });

  afterAll(async () => {
    for (const copy of copies) await copy.destroy();
    await store?.close();
    const admin = new Pool({ connectionString: databaseUrl });
    try {
      for (const schema of made) await admin.query(`drop schema if exists "${schema}" cascade`);
    } finally {
      await admin.end();
    }
  });

  it.each([
    ['held in memory to the end', { pageSize: 5000 }],
    ['written every 7 events, in pages of 5', { pageSize: 5, flushEvery: 7 }],
    ['let go of past 3 rows and read back', { pageSize: 5, flushEvery: 7, maxCachedRows: 3 }],
  ])('should give the same rows as following batch by batch when rows are %s', async (_, options) => {
    const schema = `runner_spec_${copies.length}`;
    const copy = await emptyCopy(schema);
    copies.push(copy);

    const events = await new ProjectionRunner(copy, store, projection(schema), schema).buildFromEmpty(options);

    expect(events).toBe(total);
    expect(await copy.query(`select key, count, last_note from ${schema}.tallies order by key`)).toEqual(expected);
    const [state] = await copy.query(`select events_applied::int as n from ${schema}.projection_state`);
    expect(state.n).toBe(total);
    expect(expected.length).toBeGreaterThan(5);
  });

  it('should carry on from its checkpoint after a build, following new events like a live copy', async () => {
    const schema = 'runner_spec_resumed';
    const copy = await emptyCopy(schema);
    copies.push(copy);
    const runner = new ProjectionRunner(copy, store, projection(schema), schema);
    await runner.buildFromEmpty({ pageSize: 5, flushEvery: 7 });
    await store.appendToStream('S-late', [happened('Ticked', 'k1', 'late')], { expectedRevision: 'no_stream' });

    // The log shows an event once no transaction begun before it is still in flight: on a server other suites
    // share, that can take a moment, so catch up until it arrives.
    let applied = 0;
    for (const deadline = Date.now() + 10_000; applied === 0 && Date.now() < deadline;) {
      applied += await runner.catchUp();
      if (applied === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(applied).toBe(1);
    const [k1] = await copy.query(`select count, last_note from ${schema}.tallies where key = 'k1'`);
    const before = expected.find((row) => row.key === 'k1');
    expect(k1).toEqual({ count: (before?.count ?? 0) + 1, last_note: 'late' });
  });
});
