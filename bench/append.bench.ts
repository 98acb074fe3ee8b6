/**
 * Event store appends on the PostgreSQL server: Perheverkko's store against a peer, Emmett's PostgreSQL event
 * store, and against the limit, a raw multi-row INSERT of the same rows into an unindexed table. Every command
 * appends to a new stream (as registering a concern or convening a meeting does) 1, 10 or 100 events, from
 * 1 or 8 concurrent writers. Each system gets a fresh database on the same server, the same pool size and the
 * same payloads; rounds rotate the order so drift hits all three alike, and the median round is reported.
 *
 *   npm run bench:append        # BENCH_DATABASE_URL (default the local test database), BENCH_EVENTS per round
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { PostgresEventStore, eventColumns, type NewEvent } from '@perheverkko/event-store';
import { DATABASE_URL, dropDatabase, freshDatabase, inParallel, median, rate, ratio, recordTable, runBenchmark, timed } from './bench-kit';

const EVENTS_PER_ROUND = Number(process.env.BENCH_EVENTS ?? 3000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const POOL_SIZE = 8;

/** A typical stored event: a zone rating with the full metadata every command carries. */
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

function command(size: number): { streamId: string; events: NewEvent[] } {
  const caseId = randomUUID();
  return { streamId: `Concern-${caseId}`, events: Array.from({ length: size }, () => event(caseId)) };
}

type Append = (streamId: string, events: NewEvent[]) => Promise<unknown>;
interface Contender {
  name: string;
  append: Append;
  close(): Promise<void>;
}

async function perheverkko(url: string): Promise<Contender> {
  const pool = new Pool({ connectionString: url, max: POOL_SIZE });
  const store = await PostgresEventStore.open({ pool, schema: 'bench' });
  return {
    name: 'Perheverkko',
    append: (streamId, events) => store.appendToStream(streamId, events, { expectedRevision: 'no_stream' }),
    close: async () => {
      await store.close();
      await pool.end();
    },
  };
}

async function emmett(url: string): Promise<Contender> {
  const pool = new Pool({ connectionString: url, max: POOL_SIZE });
  const store = getPostgreSQLEventStore(url, { connectionOptions: { pool } });
  await store.schema.migrate();
  return {
    name: 'Emmett 0.42',
    append: (streamId, events) =>
      store.appendToStream(
        streamId,
        events.map((e) => ({
          type: e.type,
          data: e.data as Record<string, unknown>,
          metadata: e.metadata as unknown as Record<string, unknown>,
        })),
        {
          expectedStreamVersion: STREAM_DOES_NOT_EXIST,
        },
      ),
    close: async () => {
      await store.close();
      await pool.end().catch(() => undefined);
    },
  };
}

/** The limit: the same rows in one multi-row INSERT, no keys, no indexes, no revision check. */
async function rawInsert(url: string): Promise<Contender> {
  const pool = new Pool({ connectionString: url, max: POOL_SIZE });
  await pool.query(`create table raw_events (stream_id text, stream_position integer, event_id uuid, case_id text,
    event_type text, data jsonb, metadata jsonb, recorded_at timestamptz default clock_timestamp())`);
  return {
    name: 'raw multi-row INSERT',
    append: (streamId, events) =>
      pool.query(
        `insert into raw_events (stream_id, stream_position, event_id, case_id, event_type, data, metadata)
         select $1, t.ord::integer - 1, t.event_id, t.case_id, t.event_type, t.data, t.metadata
           from unnest($2::uuid[], $3::text[], $4::text[], $5::jsonb[], $6::jsonb[])
             with ordinality as t(event_id, case_id, event_type, data, metadata, ord)`,
        [streamId, ...eventColumns(events)],
      ),
    close: () => pool.end(),
  };
}

/** Events per second for one round: the commands are built before the clock starts. */
async function round(contender: Contender, size: number, writers: number): Promise<number> {
  const commands = Array.from({ length: Math.max(writers, Math.ceil(EVENTS_PER_ROUND / size)) }, () => command(size));
  const seconds = await timed(() =>
    inParallel(commands.length, writers, (i) => contender.append(commands[i].streamId, commands[i].events)),
  );
  return (commands.length * size) / seconds;
}

runBenchmark(async () => {
  const databases = { raw: 'bench_raw', ours: 'bench_perheverkko', peer: 'bench_emmett' };
  const contenders = [
    await rawInsert(await freshDatabase(DATABASE_URL, databases.raw)),
    await perheverkko(await freshDatabase(DATABASE_URL, databases.ours)),
    await emmett(await freshDatabase(DATABASE_URL, databases.peer)),
  ];
  const rows: Array<Array<string | number>> = [];
  try {
    for (const c of contenders) await round(c, 10, POOL_SIZE); // warm-up: connections, plans, first pages
    for (const size of [1, 10, 100]) {
      for (const writers of [1, 8]) {
        const rates = contenders.map(() => [] as number[]);
        for (let r = 0; r < ROUNDS; r++) {
          for (let k = 0; k < contenders.length; k++) {
            const i = (k + r) % contenders.length;
            rates[i].push(await round(contenders[i], size, writers));
          }
        }
        const [raw, ours, peer] = rates.map(median);
        rows.push([`${size}`, `${writers}`, rate(raw), rate(ours), rate(peer), ratio(ours, peer), ratio(ours, raw)]);
        console.log(rows[rows.length - 1].join('\t'));
      }
    }
  } finally {
    for (const c of contenders) await c.close();
    for (const name of Object.values(databases)) await dropDatabase(DATABASE_URL, name);
  }
  await recordTable(
    'append',
    `${ROUNDS} rounds of ${EVENTS_PER_ROUND} events per cell, median round, pool of ${POOL_SIZE}`,
    ['events per command', 'writers', 'raw INSERT events/s', 'Perheverkko events/s', 'Emmett events/s', 'vs Emmett', 'vs raw'],
    rows,
  );
});
