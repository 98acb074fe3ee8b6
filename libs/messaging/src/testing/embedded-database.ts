import { Pool } from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '@perheverkko/event-store';

/**
 * A spec's embedded PostgreSQL (in memory, nothing left behind): started before its tests, with a pool of `max`
 * connections handed to `opened`; after them `closing` closes what the spec opened on it, the pool ends and the
 * server stops.
 */
export function onEmbeddedPostgres(max: number, opened: (pool: Pool) => Promise<void> | void, closing?: () => Promise<void>): void {
  let embedded: EmbeddedPostgres;
  let pool: Pool;
  beforeAll(async () => {
    embedded = await startEmbeddedPostgres();
    pool = new Pool({ connectionString: embedded.connectionString, max });
    await opened(pool);
  }, 60_000);
  afterAll(async () => {
    await closing?.();
    await pool.end();
    await embedded.stop();
  });
}
