import { Client } from 'pg';

/**
 * One rebuild of a projection at a time across every replica on the database: a PostgreSQL advisory lock on the
 * projection's schema, held by a connection of its own for as long as the rebuild runs. Replicas share the shadow
 * schema `<schema>_next`, so a second rebuild would drop the first one's copy under it; a process that dies lets go
 * of the lock with its connection.
 */
const REBUILD_LOCKS = 0x50_52_42_4c; // the first of the lock's two keys: rebuilds, apart from any other advisory lock
const KEY = 'select $1::int4 as space, hashtext($2) as key';

export class RebuildLock {
  private constructor(
    private readonly client: Client,
    private readonly schema: string,
  ) {}

  /** The lock of a projection's schema, or null when another process holds it. */
  static async take(connectionString: string, schema: string): Promise<RebuildLock | null> {
    const client = new Client({ connectionString, application_name: 'perheverkko rebuild' });
    await client.connect();
    try {
      const { rows } = await client.query<{ taken: boolean }>(`select pg_try_advisory_lock(k.space, k.key) as taken from (${KEY}) k`, [
        REBUILD_LOCKS,
        schema,
      ]);
      if (rows[0].taken) return new RebuildLock(client, schema);
    } catch (error) {
      await client.end();
      throw error;
    }
    await client.end();
    return null;
  }

  /**
   * Lets go of the lock before this resolves (a closed connection's locks go only once its backend has exited), then
   * closes its connection: the lock goes with it even if the unlock could not be sent.
   */
  async release(): Promise<void> {
    try {
      await this.client.query(`select pg_advisory_unlock(k.space, k.key) from (${KEY}) k`, [REBUILD_LOCKS, this.schema]);
    } finally {
      await this.client.end();
    }
  }

  /** When another process took the lock of this schema (its connection's start), or null when nobody holds it. */
  static async heldSince(query: (sql: string, parameters: unknown[]) => Promise<Array<{ since: Date | null }>>, schema: string) {
    const rows = await query(
      `select a.backend_start as since from pg_locks l cross join (${KEY}) k left join pg_stat_activity a on a.pid = l.pid
        where l.locktype = 'advisory' and l.granted and l.objsubid = 2
          and l.classid = k.space::oid and l.objid = k.key::oid
        limit 1`,
      [REBUILD_LOCKS, schema],
    );
    return rows.length === 0 ? null : (rows[0].since ?? new Date());
  }
}
