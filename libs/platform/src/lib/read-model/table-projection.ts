import { Logger } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { migrate, withPooledClient, type EventStore, type RecordedEvent } from '@perheverkko/event-store';
import { PostgresCheckpoints } from '@perheverkko/messaging';

export interface TableProjectionOptions {
  /** Checkpoint name, e.g. "projection:concern-overview". */
  name: string;
  /** The schema its table and checkpoint live in. */
  schema: string;
  store: EventStore;
  pool: Pool;
  /** Idempotent DDL for its table(s). */
  tables: string[];
  apply(tx: PoolClient, event: RecordedEvent): Promise<void>;
}

/**
 * A read model kept in step with a service's own log: each event's row changes and the checkpoint commit in one
 * transaction, so a restart resumes exactly where it stopped. Runs until the returned `stop` is called.
 */
export async function startTableProjection(options: TableProjectionOptions): Promise<{ stop(): Promise<void> }> {
  const { name, schema, store, pool } = options;
  const logger = new Logger(name);
  await migrate(pool, `perheverkko.${schema}.${name}`, [`create schema if not exists "${schema}"`, ...options.tables]);
  const checkpoints = await PostgresCheckpoints.open(pool, schema);
  const stopping = new AbortController();
  const running = (async () => {
    while (!stopping.signal.aborted) {
      try {
        const after = await checkpoints.load(name);
        for await (const event of store.follow({ after, signal: stopping.signal })) {
          await withPooledClient(pool, async (tx) => {
            await tx.query('begin');
            try {
              await options.apply(tx, event);
              await checkpoints.save(name, event.position, tx);
              await tx.query('commit');
            } catch (error) {
              await tx.query('rollback').catch(() => undefined);
              throw error;
            }
          });
        }
      } catch (error) {
        if (stopping.signal.aborted) return;
        logger.error(`stopped, resuming in 1 s: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  })();
  return {
    async stop() {
      stopping.abort();
      await running;
    },
  };
}
