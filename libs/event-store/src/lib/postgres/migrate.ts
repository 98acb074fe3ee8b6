import type { Pool, PoolClient } from 'pg';
import { withPooledClient } from './pooled-client';

/**
 * Runs idempotent DDL ("create … if not exists") in one transaction under an advisory lock: processes starting
 * side by side would otherwise race on the catalog ("duplicate key … pg_type_typname_nsp_index").
 */
export async function migrate(db: Pool | PoolClient, lockName: string, statements: string[]): Promise<void> {
  const run = async (client: PoolClient) => {
    await client.query('begin');
    try {
      await client.query('select pg_advisory_xact_lock(hashtext($1))', [lockName]);
      for (const statement of statements) await client.query(statement);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    }
  };
  if ('release' in db) await run(db);
  else await withPooledClient(db, run);
}
