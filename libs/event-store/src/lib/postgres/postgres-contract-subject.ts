import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import type { EventStoreContractSubject, SlowAppend } from '../contract/event-store.contract';
import type { NewEvent } from '../recorded-event';
import { PostgresEventStore } from './postgres-event-store';

/** A PostgreSQL event store in a fresh schema of its own, dropped again when the suite ends. */
export async function openPostgresContractSubject(connectionString: string, poolSize = 12): Promise<EventStoreContractSubject> {
  const schema = `contract_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const pool = new Pool({ connectionString, max: poolSize });
  const store = await PostgresEventStore.open({ pool, schema, idlePollMs: 50 });
  /** Slow appends not yet committed: a failed test may leave one holding its locks, which the drop would wait for. */
  const pending = new Set<() => Promise<void>>();
  return {
    store,
    startSlowAppend(streamId: string, events: NewEvent[]): SlowAppend {
      let markWritten!: () => void;
      let release!: () => void;
      const written = new Promise<void>((resolve) => (markWritten = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      const transaction = store.withTransaction(async (tx) => {
        await tx.appendToStream(streamId, events, { expectedRevision: 'no_stream' });
        markWritten();
        await released;
      });
      const settle = async () => {
        release();
        await transaction.catch(() => undefined);
      };
      pending.add(settle);
      return {
        written: Promise.race([written, transaction.then(() => undefined)]),
        async commit() {
          pending.delete(settle);
          release();
          await transaction;
        },
      };
    },
    async dispose() {
      // The schema goes whatever happened before: a suite that failed half-way leaves nothing in the database.
      try {
        await Promise.all([...pending].map((settle) => settle()));
        await store.close();
      } finally {
        try {
          await pool.query(`drop schema if exists "${schema}" cascade`);
        } finally {
          await pool.end();
        }
      }
    },
  };
}
