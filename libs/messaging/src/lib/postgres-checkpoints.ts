import type { Pool, PoolClient } from 'pg';
import { formatPosition, migrate, parsePosition, type GlobalPosition } from '@perheverkko/event-store';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Where a follower of a global log (a relay, an embedded consumer) has got to. Saved after the work it covers,
 * or in the same transaction as that work, so a restart resumes without skipping anything.
 */
export class PostgresCheckpoints {
  private readonly table: string;

  private constructor(
    private readonly pool: Pool,
    schema: string,
  ) {
    this.table = `"${schema}".checkpoints`;
  }

  static async open(pool: Pool, schema: string): Promise<PostgresCheckpoints> {
    if (!SCHEMA_NAME.test(schema)) throw new Error(`schema "${schema}" must be a lower-case SQL identifier`);
    await migrate(pool, `perheverkko.checkpoints.${schema}`, [
      `create schema if not exists "${schema}"`,
      `create table if not exists "${schema}".checkpoints (
        name text primary key,
        position text not null,
        updated_at timestamptz not null default now())`,
    ]);
    return new PostgresCheckpoints(pool, schema);
  }

  async load(name: string): Promise<GlobalPosition | undefined> {
    const { rows } = await this.pool.query<{ position: string }>(`select position from ${this.table} where name = $1`, [name]);
    return rows[0] ? parsePosition(rows[0].position) : undefined;
  }

  /** Saves with the pool, or inside the caller's transaction when `client` is given. */
  async save(name: string, position: GlobalPosition, client?: PoolClient): Promise<void> {
    await (client ?? this.pool).query(
      `insert into ${this.table} (name, position) values ($1, $2)
       on conflict (name) do update set position = excluded.position, updated_at = now()`,
      [name, formatPosition(position)],
    );
  }
}
