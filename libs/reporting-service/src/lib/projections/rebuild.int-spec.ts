import { Pool } from 'pg';
import { ContractRegistry } from '@perheverkko/contracts';
import { PostgresEventStore } from '@perheverkko/event-store';
import { ReadModels, type ProjectionDefinition } from '@perheverkko/read-model';
import { generateHistory } from '../../testing/generated-history';
import { REPORTED_SERVICES } from '../archive/published-events';
import { reportingProjections } from './reporting.projection';

const databaseUrl = process.env.TEST_DATABASE_URL;
if (!databaseUrl) process.stderr.write('skipped: rebuilding reporting projections — set TEST_DATABASE_URL\n');

const SCHEMAS = { store: 'rebuild_spec', annual: 'rebuild_spec_annual', records: 'rebuild_spec_records' };
const EVENTS = 100_000;

/** Every table of a projection, all rows in key order, as JSON: two copies are equal when these are. */
async function contents(
  models: ReadModels,
  projection: ProjectionDefinition,
  schema = projection.schema,
): Promise<Record<string, unknown[]>> {
  const tables: Record<string, unknown[]> = {};
  for (const table of projection.tables) {
    const key = table.primaryKey.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    tables[table.name] = await models.dataSource.query(`select * from "${schema}"."${table.name}" order by ${key}`);
  }
  return tables;
}

/** Rows that differ between two copies (by key), at most a few: cheap to compare, readable when it fails. */
function differences(live: Record<string, unknown[]>, other: Record<string, unknown[]>): string[] {
  const found: string[] = [];
  for (const [table, rows] of Object.entries(live)) {
    const theirs = new Map((other[table] ?? []).map((row) => [JSON.stringify(row), true]));
    if ((other[table] ?? []).length !== rows.length)
      found.push(`${table}: ${rows.length} live rows, ${(other[table] ?? []).length} rebuilt`);
    for (const row of rows) if (!theirs.has(JSON.stringify(row)) && found.length < 5) found.push(`${table}: ${JSON.stringify(row)}`);
  }
  return found;
}

async function caughtUp(models: ReadModels, events: number): Promise<void> {
  for (const deadline = Date.now() + 240_000; Date.now() < deadline;) {
    const status = await models.status();
    if (status.every((p) => p.state === 'live' && p.eventsApplied === events)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`projections did not catch up with ${events} events: ${JSON.stringify(await models.status())}`);
}

(databaseUrl ? describe : describe.skip)('rebuilding the reporting projections from position 0', () => {
  const projections = reportingProjections(SCHEMAS);
  let store: PostgresEventStore;
  let models: ReadModels;
  let total = 0;

  /** Drops every schema the suite makes (the store, both projections, their shadow and retired copies). */
  const dropSchemas = async () => {
    const admin = new Pool({ connectionString: databaseUrl });
    try {
      for (const schema of Object.values(SCHEMAS)) {
        for (const suffix of ['', '_next', '_retired']) await admin.query(`drop schema if exists "${schema}${suffix}" cascade`);
      }
    } finally {
      await admin.end();
    }
  };

  beforeAll(async () => {
    await dropSchemas();
    store = await PostgresEventStore.open({ connectionString: databaseUrl!, schema: SCHEMAS.store, poolSize: 8 });
    models = await ReadModels.open({ connectionString: databaseUrl!, store, projections });
    models.start();
    const families = generateHistory(EVENTS);
    // The generated events are what the services publish: every one passes its contract.
    const registry = new ContractRegistry(Object.values(REPORTED_SERVICES).flat());
    for (const event of families.flatMap((f) => f.events)) {
      registry.upcast({
        eventId: event.metadata.eventId,
        type: event.type,
        version: event.metadata.schemaVersion,
        caseId: event.metadata.caseId,
        occurredAt: event.metadata.occurredAt,
        correlationId: 'c',
        causationId: 'c',
        data: event.data,
      });
    }
    // Written while the live projections follow, eight writers at a time, as the archive receives them.
    for (let i = 0; i < families.length; i += 8) {
      await Promise.all(
        families.slice(i, i + 8).map((f) => store.appendToStream(`Received-${f.caseId}`, f.events, { expectedRevision: 'no_stream' })),
      );
    }
    total = families.reduce((sum, f) => sum + f.events.length, 0);
    await caughtUp(models, total);
  }, 600_000);

  afterAll(async () => {
    await models?.close();
    await store?.close();
    await dropSchemas();
  }, 60_000);

  it('should build live projections of at least 100,000 events', async () => {
    expect(total).toBeGreaterThanOrEqual(EVENTS);
    const [annual, records] = projections;
    const live = await contents(models, annual);
    expect(live.case_facts.length).toBeGreaterThan(3000);
    expect((await contents(models, records)).meeting_records.length).toBeGreaterThan(3000);
  });

  it.each(['annual-report', 'report-records'])(
    'should rebuild %s from position 0 into a shadow copy equal to the live one',
    async (name) => {
      const projection = projections.find((p) => p.name === name)!;
      const shadow = await models.buildShadow(name, total);
      try {
        expect(shadow.events).toBe(total);
        const rebuilt = await contents(models, projection, shadow.schema);
        expect(differences(await contents(models, projection), rebuilt)).toEqual([]);
        expect(Object.values(rebuilt).flat().length).toBeGreaterThan(3000);
      } finally {
        await shadow.dataSource.destroy();
      }
    },
    300_000,
  );

  it('should swap the rebuilt copy in while the projection keeps serving and following new events', async () => {
    const [annual] = projections;
    const before = await contents(models, annual);
    const reads: Array<number | Error> = [];
    let reading = true;
    const reader = (async () => {
      while (reading) {
        reads.push(
          await models.dataSource.query(`select count(*)::int as n from "${annual.schema}".case_facts`).then(
            (r) => r[0].n as number,
            (e: Error) => e,
          ),
        );
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const rebuilt = models.rebuild('annual-report');
    expect(() => models.rebuild('annual-report')).toThrow(/already being rebuilt/);
    // A family registered during the rebuild lands in the swapped-in copy too.
    const [late] = generateHistory(1, 7);
    await store.appendToStream(`Received-${late.caseId}`, late.events, { expectedRevision: 'no_stream' });
    const report = await rebuilt;
    await caughtUp(models, total + late.events.length);
    reading = false;
    await reader;

    expect(report.events).toBeGreaterThanOrEqual(total);
    expect(reads.filter((r) => r instanceof Error)).toEqual([]);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((n) => (n as number) >= before.case_facts.length)).toBe(true);
    const after = await contents(models, annual);
    expect(after.case_facts).toHaveLength(before.case_facts.length + 1);
    expect(differences(before, after).filter((d) => !d.includes('live rows'))).toEqual([]);
    const [status] = await models.status();
    expect(status).toMatchObject({ name: 'annual-report', state: 'live', lastRebuild: { events: report.events } });
  }, 300_000);
});
