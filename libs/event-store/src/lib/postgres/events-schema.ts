import type { PoolClient } from 'pg';
import { migrate } from './migrate';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** A service's schema name, checked before it is ever spliced into SQL. */
export function quoteSchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`schema "${schema}" must be a lower-case SQL identifier such as "intake"`);
  }
  return `"${schema}"`;
}

/**
 * One events table per service schema. `transaction_id` records the writing transaction so that readers can
 * stop below the oldest transaction still in flight (see docs/adr/0002). Updates, deletes and truncation are
 * refused by triggers: the table is the audit trail.
 */
export async function ensureEventsSchema(client: PoolClient, schema: string): Promise<void> {
  const s = quoteSchema(schema);
  await migrate(client, `perheverkko.events.${schema}`, [
    `create schema if not exists ${s}`,
    `create table if not exists ${s}.events (
        global_position bigint generated always as identity,
        transaction_id  xid8        not null default pg_current_xact_id(),
        stream_id       text        not null,
        stream_position integer     not null check (stream_position >= 0),
        event_id        uuid        not null unique,
        case_id         text        not null,
        event_type      text        not null,
        data            jsonb       not null,
        metadata        jsonb       not null,
        recorded_at     timestamptz not null default clock_timestamp(),
        primary key (stream_id, stream_position)
      )`,
    `create unique index if not exists events_global_order on ${s}.events (transaction_id, global_position)`,
    `create index if not exists events_by_case on ${s}.events (case_id, transaction_id, global_position)`,
    `create or replace function ${s}.refuse_event_change() returns trigger language plpgsql as $$
      begin
        raise exception 'events are append-only: % on %.events is refused', tg_op, tg_table_schema
          using errcode = 'insufficient_privilege';
      end $$`,
    `create or replace trigger events_append_only before update or delete on ${s}.events
      for each row execute function ${s}.refuse_event_change()`,
    `create or replace trigger events_no_truncate before truncate on ${s}.events
      for each statement execute function ${s}.refuse_event_change()`,
  ]);
}
