import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool, type PoolClient } from 'pg';
import { contractEvent } from '../contract/contract-events';
import { EmbeddedDatabaseInUse, LOCK_FILE } from './data-folder-lock';
import { startEmbeddedPostgres } from './embedded-postgres';
import { PostgresEventStore } from './postgres-event-store';

describe('embedded PostgreSQL (PGlite)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'perheverkko-pglite-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('should keep the events in its data folder across a stop and a start', async () => {
    const first = await startEmbeddedPostgres({ dataDir });
    const store = await PostgresEventStore.open({ connectionString: first.connectionString, schema: 'intake' });
    const event = contractEvent('case-kept', 'ConcernRaised', { zone: 2 });
    await store.appendToStream('Concern-kept', [event], { expectedRevision: 'no_stream' });
    await store.close();
    await first.stop();

    const second = await startEmbeddedPostgres({ dataDir });
    const reopened = await PostgresEventStore.open({ connectionString: second.connectionString, schema: 'intake' });
    try {
      const [stored] = await reopened.readStream('Concern-kept');
      expect(stored).toMatchObject({ type: 'ConcernRaised', data: { zone: 2 }, metadata: event.metadata });
    } finally {
      await reopened.close();
      await second.stop();
    }
  }, 60_000);

  it('should keep its data folder private to this user: created 0700, files 0600, an existing looser one tightened', async () => {
    /** Every folder's and file's permission bits below `dir`, by kind. */
    const modes = (dir: string, found = { folders: new Set<string>(), files: new Set<string>() }) => {
      found.folders.add((statSync(dir).mode & 0o777).toString(8));
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) modes(join(dir, entry.name), found);
        else found.files.add((statSync(join(dir, entry.name)).mode & 0o777).toString(8));
      }
      return found;
    };
    const parent = mkdtempSync(join(tmpdir(), 'perheverkko-pglite-private-'));
    try {
      const fresh = join(parent, 'fresh');
      const embedded = await startEmbeddedPostgres({ dataDir: fresh });
      const pool = new Pool({ connectionString: embedded.connectionString, max: 1 });
      try {
        // PGlite itself writes its files 0666: after the start, and again at the stop, they are private.
        expect(modes(fresh)).toEqual({ folders: new Set(['700']), files: new Set(['600']) });
        await pool.query('create table written_while_running (n int)');
      } finally {
        await pool.end();
        await embedded.stop();
      }
      expect(modes(fresh)).toEqual({ folders: new Set(['700']), files: new Set(['600']) });

      // A folder left readable by everyone (an older version, a copy) is tightened at the next start.
      chmodSync(fresh, 0o755);
      mkdirSync(join(fresh, 'loose'), { mode: 0o777 });
      chmodSync(join(fresh, 'loose'), 0o777);
      writeFileSync(join(fresh, 'loose', 'notes.txt'), 'x', { mode: 0o666 });
      chmodSync(join(fresh, 'loose', 'notes.txt'), 0o666);
      const again = await startEmbeddedPostgres({ dataDir: fresh });
      try {
        expect(modes(fresh)).toEqual({ folders: new Set(['700']), files: new Set(['600']) });
      } finally {
        await again.stop();
      }
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  }, 60_000);

  /** A fresh server (a pool of `max` connections) with a table `ledger`, and a transaction on it that inserted 1. */
  async function inLedgerTransaction(max: number, then: (pool: Pool, tx: PoolClient) => Promise<void>): Promise<void> {
    const embedded = await startEmbeddedPostgres();
    const pool = new Pool({ connectionString: embedded.connectionString, max });
    try {
      await pool.query('create table ledger (n int)');
      const tx = await pool.connect();
      await tx.query('begin');
      await tx.query('insert into ledger values (1)');
      await then(pool, tx);
    } finally {
      await pool.end();
      await embedded.stop();
    }
  }

  it('should keep one transaction whole when other connections query meanwhile', async () => {
    await inLedgerTransaction(4, async (pool, tx) => {
      // Another connection's statement must wait for the transaction, not run inside it.
      const outside = pool.query('insert into ledger values (2)');
      await tx.query('rollback');
      tx.release();
      await outside;
      expect((await pool.query('select n from ledger')).rows).toEqual([{ n: 2 }]);
    });
  }, 60_000);

  it("should let in only who holds this start's password: the port is open to every user of the machine", async () => {
    const embedded = await startEmbeddedPostgres();
    const url = new URL(embedded.connectionString);
    const signIn = async (password: string | undefined) => {
      const attempt = new URL(url);
      attempt.password = password ?? '';
      const pool = new Pool({ connectionString: attempt.toString(), max: 1 });
      try {
        return (await pool.query('select 1 as one')).rows[0];
      } catch (error) {
        return (error as { code?: string }).code;
      } finally {
        await pool.end();
      }
    };
    try {
      expect(url.password).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(await signIn(url.password)).toEqual({ one: 1 });
      expect(await signIn('not-the-password')).toBe('28P01');
      expect(await signIn(`${url.password}x`)).toBe('28P01');
      // No password at all: the client has none to send when asked, and gets no further.
      expect(await signIn(undefined)).not.toEqual({ one: 1 });
      // Still serving those who hold it.
      expect(await signIn(url.password)).toEqual({ one: 1 });
    } finally {
      await embedded.stop();
    }
  }, 60_000);

  it('should refuse a data folder another live process holds, and take over one whose holder is gone', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'perheverkko-pglite-lock-'));
    try {
      // Held by a live process (this one's parent): refused, naming the process and the folder.
      writeFileSync(join(folder, LOCK_FILE), String(process.ppid));
      await expect(startEmbeddedPostgres({ dataDir: folder })).rejects.toThrow(EmbeddedDatabaseInUse);
      await expect(startEmbeddedPostgres({ dataDir: folder })).rejects.toThrow(`open in process ${process.ppid}`);
      // Left by a process that has ended (killed, crashed): taken over, and released at the stop.
      const gone = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid;
      writeFileSync(join(folder, LOCK_FILE), String(gone));
      const embedded = await startEmbeddedPostgres({ dataDir: folder });
      expect(readFileSync(join(folder, LOCK_FILE), 'utf8')).toBe(String(process.pid));
      await embedded.stop();
      expect(existsSync(join(folder, LOCK_FILE))).toBe(false);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 60_000);

  it('should roll back the transaction of a client that disconnects in the middle of it', async () => {
    await inLedgerTransaction(2, async (pool, tx) => {
      tx.release(new Error('simulated crash: destroy this connection'));
      expect((await pool.query('select count(*)::int as n from ledger')).rows).toEqual([{ n: 0 }]);
    });
  }, 60_000);
});
