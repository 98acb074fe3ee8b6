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
      return {
        written: Promise.race([written, transaction.then(() => undefined)]),
        async commit() {
          release();
          await transaction;
        },
      };
    },
    async dispose() {
      await store.close();
      await pool.query(`drop schema if exists "${schema}" cascade`);
      await pool.end();
    },
  };
}
