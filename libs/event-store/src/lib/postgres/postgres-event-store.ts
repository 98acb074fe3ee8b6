import { Pool, type PoolClient } from 'pg';
import { codeOf } from '@perheverkko/decider';
import { EventIdReusedError, StreamRevisionConflictError } from '../errors';
import type { AppendResult, EventStore, ExpectedRevision, FollowOptions, ReadAllOptions, ReadStreamOptions } from '../event-store.port';
import { followByPolling } from '../follow-by-polling';
import type { EventMetadata, NewEvent, RecordedEvent } from '../recorded-event';
import { assertCaseId, assertCount, assertExpectedRevision, assertNewEvents, assertRevision, assertStreamId } from '../validate-arguments';
import { AppendWakeUp } from './append-wake-up';
import { ensureEventsSchema, quoteSchema } from './events-schema';
import { withPooledClient } from './pooled-client';

interface PostgresEventStoreOptions {
  /** A pool the caller owns, or a connection string for a pool this store owns and closes. */
  pool?: Pool;
  connectionString?: string;
  /** The owning service's schema, e.g. "intake": each service has its own events table and global log. */
  schema: string;
  /** How stale a follower may get when appends come from another process. */
  idlePollMs?: number;
  /** Only for the embedded PGlite: its single backend queues other connections' work behind a transaction. */
  poolSize?: number;
}

/** What a transaction opened with `withTransaction` can do: append, and run its own SQL in the same commit. */
interface PostgresEventStoreTransaction {
  appendToStream(streamId: string, events: NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult>;
  query: PoolClient['query'];
}

interface EventRow {
  stream_id: string;
  stream_position: number;
  event_type: string;
  data: unknown;
  metadata: EventMetadata;
  commit: string;
  prepare: string;
  recorded_at: string;
}

const SELECT_COLUMNS = `stream_id, stream_position, event_type, data, metadata,
  transaction_id::text as commit, global_position::text as prepare,
  to_char(recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as recorded_at`;
const UNIQUE_VIOLATION = '23505';

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    streamId: row.stream_id,
    streamRevision: row.stream_position,
    type: row.event_type,
    data: row.data,
    metadata: row.metadata,
    position: { commit: BigInt(row.commit), prepare: BigInt(row.prepare) },
    // Formatted by the server (ISO 8601, UTC, milliseconds): parsing a Date per event only to print it again is
    // a measurable share of a rebuild.
    recordedAt: row.recorded_at,
  };
}

/**
 * New events as the parallel arrays one `unnest` turns into rows: ids, case ids, types, data and metadata (JSON).
 * Shared with the append benchmark's raw-INSERT baseline, so both write the same columns.
 */
export function eventColumns(events: readonly NewEvent[]): [string[], string[], string[], string[], string[]] {
  return [
    events.map((e) => e.metadata.eventId),
    events.map((e) => e.metadata.caseId),
    events.map((e) => e.type),
    events.map((e) => JSON.stringify(e.data)),
    events.map((e) => JSON.stringify(e.metadata)),
  ];
}

/**
 * A pooled connection idle this long is closed: a burst must not hold a share of the server's connections that
 * the other services (five processes, their replicas) need next.
 */
export const IDLE_CONNECTION_MS = 1000;

export class PostgresEventStore implements EventStore {
  private readonly table: string;
  private readonly wakeUp = new AppendWakeUp();
  private readonly idlePollMs: number;

  private constructor(
    private readonly pool: Pool,
    private readonly ownsPool: boolean,
    schema: string,
    idlePollMs: number,
  ) {
    this.table = `${quoteSchema(schema)}.events`;
    this.idlePollMs = idlePollMs;
  }

  /** Connects and creates the service's events table if it is missing. */
  static async open(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    quoteSchema(options.schema);
    if (!options.pool && !options.connectionString) throw new Error('PostgresEventStore needs a pool or a connectionString');
    const pool =
      options.pool ??
      new Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10, idleTimeoutMillis: IDLE_CONNECTION_MS });
    // An idle connection dropped by the server must not crash the process; the next query reconnects.
    if (!options.pool) pool.on('error', () => undefined);
    const store = new PostgresEventStore(pool, !options.pool, options.schema, options.idlePollMs ?? 250);
    await withPooledClient(pool, (client) => ensureEventsSchema(client, options.schema));
    return store;
  }

  async appendToStream(streamId: string, events: NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    assertStreamId(streamId);
    assertExpectedRevision(options?.expectedRevision);
    assertNewEvents(events);
    return withPooledClient(this.pool, async (client) => {
      try {
        const result = await this.appendWith(client, streamId, events, options.expectedRevision);
        this.wakeUp.notify();
        return result;
      } catch (error) {
        if (codeOf(error) !== UNIQUE_VIOLATION) throw error;
        return await this.afterLostRace(client, streamId, events, options.expectedRevision);
      }
    });
  }

  /**
   * Runs `work` in one database transaction; its appends and its own SQL (e.g. "event X processed") commit
   * together. A revision conflict inside aborts the whole transaction.
   */
  async withTransaction<T>(work: (tx: PostgresEventStoreTransaction) => Promise<T>): Promise<T> {
    return withPooledClient(this.pool, async (client) => {
      await client.query('begin');
      const tx: PostgresEventStoreTransaction = {
        appendToStream: async (streamId, events, options) => {
          assertStreamId(streamId);
          assertExpectedRevision(options?.expectedRevision);
          assertNewEvents(events);
          // The savepoint keeps the transaction usable after a lost race, so the caller may decide what to do.
          await client.query('savepoint append_to_stream');
          try {
            return await this.appendWith(client, streamId, events, options.expectedRevision);
          } catch (error) {
            if (codeOf(error) !== UNIQUE_VIOLATION) throw error;
            await client.query('rollback to savepoint append_to_stream');
            return await this.afterLostRace(client, streamId, events, options.expectedRevision);
          }
        },
        query: client.query.bind(client) as PoolClient['query'],
      };
      try {
        const result = await work(tx);
        await client.query('commit');
        this.wakeUp.notify();
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      }
    });
  }

  private async appendWith(client: PoolClient, streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    // One statement: the revision check and the insert see the same snapshot, and the primary key settles races
    // between concurrent writers. No row back means the stream was not at `expected`: somebody else wrote, or
    // this is a retry of an earlier append, which only then is looked up (never on the happy path).
    const expectedPosition = expected === 'no_stream' ? -1 : expected;
    const { rows } = await client.query<{ stream_position: number; commit: string; prepare: string }>(
      `with current_stream as (
         select coalesce(max(stream_position), -1) as revision from ${this.table} where stream_id = $1
       )
       insert into ${this.table} (stream_id, stream_position, event_id, case_id, event_type, data, metadata)
       select $1, $2::integer + t.ord::integer, t.event_id, t.case_id, t.event_type, t.data, t.metadata
         from current_stream,
              unnest($3::uuid[], $4::text[], $5::text[], $6::jsonb[], $7::jsonb[])
                with ordinality as t(event_id, case_id, event_type, data, metadata, ord)
        where current_stream.revision = $2::integer
        order by t.ord
       returning stream_position, transaction_id::text as commit, global_position::text as prepare`,
      [streamId, expectedPosition, ...eventColumns(events)],
    );
    if (rows.length === 0) return this.afterLostRace(client, streamId, events, expected);
    const last = rows.reduce((a, b) => (a.stream_position > b.stream_position ? a : b));
    return {
      nextExpectedRevision: last.stream_position,
      position: { commit: BigInt(last.commit), prepare: BigInt(last.prepare) },
      alreadyAppended: false,
    };
  }

  /**
   * Somebody else wrote first (a stale revision, or a unique-key race). If that somebody was this very append
   * (a retried command), report the stored result; otherwise it is a conflict.
   */
  private async afterLostRace(
    client: PoolClient,
    streamId: string,
    events: NewEvent[],
    expected: ExpectedRevision,
    actual?: number | 'no_stream',
  ): Promise<AppendResult> {
    const earlier = await this.findAlreadyAppended(client, streamId, events);
    if (earlier) return earlier;
    throw new StreamRevisionConflictError(streamId, expected, actual ?? (await this.currentRevision(client, streamId)));
  }

  /** The earlier result if exactly these events (same ids, same stream, same order) were appended before. */
  private async findAlreadyAppended(client: PoolClient, streamId: string, events: NewEvent[]): Promise<AppendResult | undefined> {
    const ids = events.map((e) => e.metadata.eventId.toLowerCase());
    const { rows } = await client.query<{ event_id: string; stream_id: string; stream_position: number; commit: string; prepare: string }>(
      `select event_id::text, stream_id, stream_position, transaction_id::text as commit, global_position::text as prepare
         from ${this.table} where event_id = any($1::uuid[]) order by stream_position`,
      [ids],
    );
    if (rows.length === 0) return undefined;
    const sameAppend =
      rows.length === ids.length &&
      rows.every((row, i) => row.stream_id === streamId && row.event_id === ids[i] && row.stream_position === rows[0].stream_position + i);
    if (!sameAppend)
      throw new EventIdReusedError(
        streamId,
        rows.map((r) => r.event_id),
      );
    const last = rows[rows.length - 1];
    return {
      nextExpectedRevision: last.stream_position,
      position: { commit: BigInt(last.commit), prepare: BigInt(last.prepare) },
      alreadyAppended: true,
    };
  }

  private async currentRevision(client: PoolClient, streamId: string): Promise<number | 'no_stream'> {
    const { rows } = await client.query<{ revision: number | null }>(
      `select max(stream_position) as revision from ${this.table} where stream_id = $1`,
      [streamId],
    );
    return rows[0].revision ?? 'no_stream';
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    assertStreamId(streamId);
    const fromRevision = options.fromRevision ?? 0;
    assertRevision('fromRevision', fromRevision);
    if (options.maxCount !== undefined) assertCount('maxCount', options.maxCount);
    const { rows } = await this.pool.query<EventRow>(
      `select ${SELECT_COLUMNS} from ${this.table}
        where stream_id = $1 and stream_position >= $2 order by stream_position limit $3`,
      [streamId, fromRevision, options.maxCount ?? null],
    );
    return rows.map(toRecordedEvent);
  }

  /**
   * Reads only below the oldest transaction still in flight: a transaction that took its id earlier but
   * commits later is never passed over, it holds readers back until it settles.
   */
  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    assertCount('maxCount', options?.maxCount, 10_000);
    const after = options.after ?? { commit: 0n, prepare: 0n };
    const { rows } = await this.pool.query<EventRow>(
      `select ${SELECT_COLUMNS} from ${this.table}
        where (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
          and transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        order by transaction_id, global_position
        limit $3`,
      [after.commit.toString(), after.prepare.toString(), options.maxCount],
    );
    return rows.map(toRecordedEvent);
  }

  async readByCase(caseId: string): Promise<RecordedEvent[]> {
    assertCaseId('caseId', caseId);
    const { rows } = await this.pool.query<EventRow>(
      `select ${SELECT_COLUMNS} from ${this.table} where case_id = $1 order by transaction_id, global_position`,
      [caseId],
    );
    return rows.map(toRecordedEvent);
  }

  follow(options: FollowOptions): AsyncIterable<RecordedEvent> {
    const batchSize = options.batchSize ?? 500;
    assertCount('batchSize', batchSize, 10_000);
    return followByPolling({
      after: options.after,
      signal: options.signal,
      batchSize,
      idlePollMs: this.idlePollMs,
      readAll: (o) => this.readAll(o),
      nextWakeUp: () => this.wakeUp.next(),
    });
  }

  nextAppend(): Promise<void> {
    return this.wakeUp.next();
  }

  async close(): Promise<void> {
    this.wakeUp.notify();
    if (this.ownsPool) await this.pool.end();
  }
}
