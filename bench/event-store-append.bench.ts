/**
 * Event store write and read throughput, against a baseline measured in the same run on the same connection:
 * a bare single-row INSERT of the same JSON into an unindexed table (what one round trip and one write cost).
 * The ratio says what the append's guarantees (revision check, idempotency lookup on conflict, global order
 * columns, indexes, append-only triggers) cost on top.
 *
 *   npm run bench                      # embedded PGlite, plus the PostgreSQL server if BENCH_DATABASE_URL is set
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresEventStore, startEmbeddedPostgres, type NewEvent } from '@perheverkko/event-store';

const WRITES = Number(process.env.BENCH_WRITES ?? 2000);
const CONCURRENCY = 8;

function event(caseId: string): NewEvent {
  return {
    type: 'ZoneRated',
    data: { zone: 3, ratedBy: 'worker', note: 'benchmark payload of a typical size for a rating event' },
    metadata: {
      eventId: randomUUID(),
      caseId,
      correlationId: randomUUID(),
      causationId: randomUUID(),
      actor: { id: 'bench', role: 'professional', organisation: 'Neuvola' },
      occurredAt: '2026-11-23T10:00:00.000Z',
      schemaVersion: 1,
    },
  };
}

async function timed(work: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function inParallel(total: number, loops: number, one: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: loops }, async () => {
    while (next < total) await one(next++);
  }));
}

async function measure(label: string, connectionString: string, poolSize: number) {
  const pool = new Pool({ connectionString, max: poolSize });
  const schema = `bench_${randomUUID().replace(/-/g, '').slice(0, 8)}`;
  const store = await PostgresEventStore.open({ pool, schema });
  await pool.query(`create table "${schema}".baseline (id uuid, data jsonb)`);
  const payload = JSON.stringify(event('x'));
  const rows: Array<[string, number, string]> = [];
  try {
    const baseline1 = await timed(() => inParallel(WRITES, 1, async () => void (await pool.query(`insert into "${schema}".baseline values ($1, $2)`, [randomUUID(), payload]))));
    const append1 = await timed(() => inParallel(WRITES, 1, async () => void (await store.appendToStream(`Concern-${randomUUID()}`, [event('c')], { expectedRevision: 'no_stream' }))));
    const baselineN = await timed(() => inParallel(WRITES, CONCURRENCY, async () => void (await pool.query(`insert into "${schema}".baseline values ($1, $2)`, [randomUUID(), payload]))));
    const appendN = await timed(() => inParallel(WRITES, CONCURRENCY, async () => void (await store.appendToStream(`Concern-${randomUUID()}`, [event('c')], { expectedRevision: 'no_stream' }))));
    // One stream taking a batch of 100 events per append: a busy aggregate or a migration.
    const batch = await timed(async () => {
      let revision: number | 'no_stream' = 'no_stream';
      for (let i = 0; i < WRITES / 100; i++) {
        ({ nextExpectedRevision: revision } = await store.appendToStream('Plan-bench', Array.from({ length: 100 }, () => event('p')), { expectedRevision: revision }));
      }
    });
    let read = 0;
    const readAll = await timed(async () => {
      let after;
      for (;;) {
        const page = await store.readAll({ after, maxCount: 500 });
        read += page.length;
        if (page.length < 500) break;
        after = page[page.length - 1].position;
      }
    });
    const perSecond = (n: number, s: number) => Math.round(n / s);
    rows.push([`${label}: bare INSERT, 1 writer (baseline)`, perSecond(WRITES, baseline1), '1.00']);
    rows.push([`${label}: append 1 event, 1 writer`, perSecond(WRITES, append1), (append1 / baseline1).toFixed(2)]);
    rows.push([`${label}: bare INSERT, ${CONCURRENCY} writers (baseline)`, perSecond(WRITES, baselineN), '1.00']);
    rows.push([`${label}: append 1 event, ${CONCURRENCY} writers`, perSecond(WRITES, appendN), (appendN / baselineN).toFixed(2)]);
    rows.push([`${label}: append 100-event batches, 1 stream`, perSecond(WRITES, batch), (batch / baseline1).toFixed(2)]);
    rows.push([`${label}: read global log in pages of 500`, perSecond(read, readAll), '–']);
  } finally {
    await store.close();
    await pool.query(`drop schema "${schema}" cascade`);
    await pool.end();
  }
  return rows;
}

(async () => {
  const rows: Array<[string, number, string]> = [];
  const embedded = await startEmbeddedPostgres();
  rows.push(...(await measure('PGlite (embedded)', embedded.connectionString, CONCURRENCY)));
  await embedded.stop();
  if (process.env.BENCH_DATABASE_URL) rows.push(...(await measure('PostgreSQL 15 server', process.env.BENCH_DATABASE_URL, CONCURRENCY)));
  console.log(`\n${WRITES} writes per row; time ratio = this row's time / its baseline's time (lower is better)\n`);
  console.log('| case | events/s | time vs baseline |\n|---|---:|---:|');
  for (const [name, rate, ratio] of rows) console.log(`| ${name} | ${rate} | ${ratio} |`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
