import { Logger } from '@nestjs/common';
import { Pool, type PoolClient } from 'pg';
import { inTransaction, migrate, type EventStore, type RecordedEvent } from '@perheverkko/event-store';
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
          await inTransaction(pool, async (tx) => {
            await options.apply(tx, event);
            await checkpoints.save(name, event.position, tx);
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

/**
 * A Nest provider that keeps one table projection running for the application's lifetime. Subclasses name the
 * table and say how each event changes it; queries use `rows`.
 */
export abstract class TableProjectionHost {
  private pool?: Pool;
  private projection?: { stop(): Promise<void> };

  protected constructor(
    private readonly source: EventStore,
    private readonly connectionString: string,
  ) {}

  protected abstract readonly definition: { name: string; schema: string; tables: string[] };

  protected abstract apply(tx: PoolClient, event: RecordedEvent): Promise<void>;

  async onApplicationBootstrap(): Promise<void> {
    const pool = new Pool({ connectionString: this.connectionString, max: 2 });
    pool.on('error', () => undefined);
    this.pool = pool;
    this.projection = await startTableProjection({ ...this.definition, store: this.source, pool, apply: (tx, event) => this.apply(tx, event) });
  }

  /** The pool the projection's table is read with. */
  protected get rows(): Pool {
    if (!this.pool) throw new Error(`${this.definition.name} is not running yet`);
    return this.pool;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.projection?.stop();
    await this.pool?.end();
  }
}
