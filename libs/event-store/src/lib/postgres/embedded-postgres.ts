import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { lockDataFolder } from './data-folder-lock';
import { PgliteWireServer } from './pglite-wire-server';
import { makeDirectoryPrivate } from './private-directory';

/** How often the data folder's new files are made private again while the database runs. */
const TIGHTEN_EVERY_MS = 60_000;

/**
 * PostgreSQL's own page cache inside the WebAssembly memory. Its 128 MB default was a fifth of the embedded process's
 * memory at rest; with a data folder the operating system's file cache sits under it anyway, and one backend serves
 * one transaction at a time. (docs/benchmarks.md, start-up memory.)
 */
const SHARED_BUFFERS = '32MB';

export interface EmbeddedPostgres {
  /** A `postgres://` URL that `pg` and TypeORM connect to as if it were a server. */
  connectionString: string;
  stop(): Promise<void>;
}

interface EmbeddedPostgresOptions {
  /**
   * Folder that keeps the data between runs; absent means in memory (tests). It is kept private to this user (0700,
   * files 0600): at start, after the database opened it, every minute (PGlite creates its files world-readable) and at stop.
   */
  dataDir?: string;
  /** Loopback port; absent means any free one. */
  port?: number;
  /**
   * What connections sign in with; absent: a new random one for this start. A restart on the same port (a spec taking
   * the database away and back) passes the first start's, so its clients' connection string still signs in.
   */
  password?: string;
}

/**
 * PostgreSQL compiled to WebAssembly, in this process, behind the PostgreSQL wire protocol on a loopback port:
 * the same adapter code (pg, TypeORM) runs on it and on a real server. This is the zero-install default.
 * One backend serves every connection, one transaction at a time: code must never wait, inside a
 * transaction, for work on another connection.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  const { dataDir } = options;
  if (dataDir) makeDirectoryPrivate(dataDir);
  const unlock = dataDir ? lockDataFolder(dataDir) : () => undefined;
  const db = await PGlite.create(dataDir, { startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${SHARED_BUFFERS}`] }).catch(
    (error: unknown) => {
      unlock();
      throw error;
    },
  );
  if (dataDir) makeDirectoryPrivate(dataDir);
  // A password of this start's own: only this process (which holds the connection string) signs in.
  const password = options.password ?? randomBytes(24).toString('base64url');
  const server = new PgliteWireServer(db, password);
  const { host, port } = await server.listen('127.0.0.1', options.port ?? 0);
  const tightening = dataDir
    ? setInterval(() => {
        try {
          makeDirectoryPrivate(dataDir);
        } catch {
          // tried again at the next interval and at stop
        }
      }, TIGHTEN_EVERY_MS).unref()
    : undefined;
  return {
    connectionString: `postgres://postgres:${password}@${host}:${port}/postgres?sslmode=disable`,
    async stop() {
      clearInterval(tightening);
      await server.close();
      await db.close();
      unlock();
      if (dataDir) makeDirectoryPrivate(dataDir);
    },
  };
}
