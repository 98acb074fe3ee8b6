import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PgliteWireServer } from './pglite-wire-server';

export interface EmbeddedPostgres {
  /** A `postgres://` URL that `pg` and TypeORM connect to as if it were a server. */
  connectionString: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Folder that keeps the data between runs; absent means in memory (tests). */
  dataDir?: string;
  /** Loopback port; absent means any free one. */
  port?: number;
}

/**
 * PostgreSQL compiled to WebAssembly, in this process, behind the PostgreSQL wire protocol on a loopback port:
 * the same adapter code (pg, TypeORM) runs on it and on a real server. This is the zero-install default.
 * One backend serves every connection, one transaction at a time: code must never wait, inside a
 * transaction, for work on another connection.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir);
  const server = new PgliteWireServer(db);
  const { host, port } = await server.listen('127.0.0.1', options.port ?? 0);
  return {
    connectionString: `postgres://postgres@${host}:${port}/postgres?sslmode=disable`,
    async stop() {
      await server.close();
      await db.close();
    },
  };
}
