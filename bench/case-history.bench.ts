/**
 * An auditor reading one case's history of 1,000 events, among 100,000 others: against the limit, a raw SELECT of
 * the case's rows on the same index. Also the whole answer of GET /audit/cases/{id}/history (read, domain order,
 * sealed fields opened, state now) and the state as of a moment halfway through the case's life.
 *
 * The 1,000-event case is a stress shape: the events of generated families put under one case id (real cases
 * have tens of events), with their personal data sealed for real under that case's key.
 *
 *   npm run bench:history       # BENCH_DATABASE_URL, BENCH_READS (default 100)
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresEventStore, type NewEvent } from '@perheverkko/event-store';
import { MasterKeys, PersonalDataVault, isSealed } from '@perheverkko/personal-data';
import { caseAsOf, type ReportedEvent } from '@perheverkko/reporting-domain';
import { caseHistory } from '@perheverkko/reporting-service';
import { generateHistory } from '@perheverkko/reporting-service/testing';
import { latencies, latencyRow, onFreshDatabase, recordTable, runBenchmark, storeAsArchived } from './bench-kit';

const READS = Number(process.env.BENCH_READS ?? 100);
const CASE_EVENTS = 1000;
const OTHER_EVENTS = 100_000;
const DATABASE = 'bench_history';

/** Generated families' events under one case id, sealed fields sealed again under that case's own key. */
async function longCase(caseId: string, vault: PersonalDataVault): Promise<NewEvent[]> {
  const events = generateHistory(CASE_EVENTS, 7)
    .flatMap((f) => f.events)
    .slice(0, CASE_EVENTS);
  const reseal = async (value: unknown): Promise<unknown> => {
    if (isSealed(value)) return vault.seal(caseId, 'sensitive text of a typical length for a concern or a plan');
    if (Array.isArray(value)) return Promise.all(value.map(reseal));
    if (value && typeof value === 'object')
      return Object.fromEntries(await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await reseal(v)])));
    return value;
  };
  return Promise.all(
    events.map(async (e) => ({
      ...e,
      data: await reseal({ ...(e.data as object), caseId }),
      metadata: { ...e.metadata, caseId, eventId: randomUUID() },
    })),
  );
}

function asReported(e: { type: string; data: unknown; metadata: NewEvent['metadata'] }): ReportedEvent {
  return {
    eventId: e.metadata.eventId,
    type: e.type,
    caseId: e.metadata.caseId,
    occurredAt: e.metadata.occurredAt,
    causationId: e.metadata.causationId,
    data: e.data as Record<string, unknown>,
  };
}

runBenchmark(() =>
  onFreshDatabase(DATABASE, async (url) => {
    const pool = new Pool({ connectionString: url, max: 8 });
    pool.on('error', () => undefined); // idle connections closed when the database is dropped
    const store = await PostgresEventStore.open({ pool, schema: 'reporting' });
    const vault = await PersonalDataVault.open(pool, MasterKeys.parse(MasterKeys.generateSpec('bench')));
    try {
      await storeAsArchived(store, generateHistory(OTHER_EVENTS, 42));
      const caseId = randomUUID();
      const events = await longCase(caseId, vault);
      for (let i = 0; i < events.length; i += 100)
        await store.appendToStream(`Received-${caseId}-${i}`, events.slice(i, i + 100), { expectedRevision: 'no_stream' });
      await pool.query('vacuum analyze reporting.events');
      const times = events.map((e) => Date.parse(e.metadata.occurredAt)).sort((a, b) => a - b);
      const halfway = new Date(times[Math.floor(times.length / 2)]).toISOString();
      const end = new Date(times[times.length - 1]).toISOString();

      let checked = 0;
      const raw = await latencies(async () => {
        const { rows } = await pool.query(
          `select stream_id, stream_position, event_type, data, metadata, recorded_at
        from reporting.events where case_id = $1 order by transaction_id, global_position`,
          [caseId],
        );
        checked = rows.length;
      }, READS);
      if (checked !== CASE_EVENTS) throw new Error(`raw read found ${checked} events`);
      const stored = await latencies(async () => (checked = (await store.readByCase(caseId)).length), READS);
      const full = await latencies(
        async () => (checked = (await caseHistory(caseId, await store.readByCase(caseId), vault, end)).events.length),
        READS,
      );
      if (checked !== CASE_EVENTS) throw new Error(`history holds ${checked} events`);
      const asOf = await latencies(async () => caseAsOf(caseId, (await store.readByCase(caseId)).map(asReported), halfway), READS);

      const rows = [
        latencyRow("raw SELECT of the case's rows (baseline)", raw, raw, 1),
        latencyRow('event store: readByCase', stored, raw, 1),
        latencyRow("auditor's whole history: read, domain order, sealed fields opened, state", full, raw, 1),
        latencyRow("state as of halfway through the case's life", asOf, raw, 1),
      ];
      await recordTable(
        'history',
        `one case of ${CASE_EVENTS} events among ${OTHER_EVENTS.toLocaleString('en-US')} · ${READS} reads each, one at a time`,
        ['read', 'p50 ms', 'p95 ms', 'p99 ms', 'p50 vs raw'],
        rows,
      );
    } finally {
      await store.close();
      await pool.end();
    }
  }),
);
