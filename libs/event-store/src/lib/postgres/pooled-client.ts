import type { Pool, PoolClient } from 'pg';
import { codeOf, messageOf } from '@perheverkko/decider';

/**
 * Runs `work` on a client checked out of the pool. A connection that drops while checked out emits an 'error'
 * event that nobody else listens to (it would crash the process); here it is caught, and the broken client is
 * destroyed instead of going back to the pool.
 */
export async function withPooledClient<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  /** The connection's own error, or `true` for a query that failed because the connection was lost: either destroys it. */
  let dropped: Error | boolean = false;
  const onError = (error: Error) => {
    dropped = error;
  };
  client.on('error', onError);
  try {
    return await work(client);
  } catch (error) {
    if (!dropped && isConnectionLoss(error)) dropped = true;
    throw error;
  } finally {
    client.off('error', onError);
    client.release(dropped);
  }
}

function isConnectionLoss(error: unknown): boolean {
  const code = codeOf(error);
  return (typeof code === 'string' && /^(08|57P0|ECONN|EPIPE)/.test(code)) || /Connection terminated/i.test(messageOf(error));
}

/** Runs `work` in one transaction on a pooled client: committed when it returns, rolled back when it throws. */
export function inTransaction<T>(pool: Pool, work: (tx: PoolClient) => Promise<T>): Promise<T> {
  return withPooledClient(pool, async (tx) => {
    await tx.query('begin');
    try {
      const result = await work(tx);
      await tx.query('commit');
      return result;
    } catch (error) {
      await tx.query('rollback').catch(() => undefined);
      throw error;
    }
  });
}
