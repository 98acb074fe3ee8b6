import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { startEmbeddedPostgres } from '@perheverkko/event-store';
import { AccessLog, accessLogKeysFrom, anchorFileFrom } from '@perheverkko/access';

const root = join(__dirname, '../..');

function verifyCommand(dataDir: string) {
  return spawnSync(process.execPath, ['-r', '@swc-node/register', 'tools/audit/verify-access-log.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

/** The embedded database of `dataDir`, as the service would open it (its key and anchor file in DATA_DIR). */
async function withDatabase(dataDir: string, work: (pool: Pool, log: AccessLog) => Promise<void>): Promise<void> {
  const embedded = await startEmbeddedPostgres({ dataDir: join(dataDir, 'pglite') });
  const pool = new Pool({ connectionString: embedded.connectionString, max: 1 });
  try {
    const log = await AccessLog.open(pool, {
      keys: accessLogKeysFrom({ DATA_DIR: dataDir }, { generate: true }),
      anchorFile: anchorFileFrom({ DATA_DIR: dataDir }),
    });
    await work(pool, log);
  } finally {
    await pool.end();
    await embedded.stop();
  }
}

/** An auditor's read of case-1's joint plan by each of `actors`, recorded in turn. */
async function recordReads(log: AccessLog, actors: string[]): Promise<void> {
  for (const actorId of actors)
    await log.record({
      actorId,
      actorRole: 'auditor',
      organisation: 'x',
      caseId: 'case-1',
      action: 'read',
      what: 'joint plan',
      purpose: 'audit',
    });
}

describe('npm run audit:verify', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'perheverkko-audit-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('should refuse to vouch for entries without an anchor (exit 2), report an anchored chain intact (exit 0) and name the first changed entry (exit 1)', async () => {
    await withDatabase(dataDir, (_pool, log) => recordReads(log, ['a', 'b', 'c']));
    const anchorFile = anchorFileFrom({ DATA_DIR: dataDir });
    const unanchored = verifyCommand(dataDir);
    expect(unanchored.stdout).not.toContain('intact');
    expect(unanchored.stderr).toContain(
      `cannot vouch for the access log: its 3 entries link up (keyed chain from entry 1), but no valid anchor in ${anchorFile} covers them`,
    );
    expect(unanchored.stderr).toContain(`  no-anchor: no valid anchor in ${anchorFile}`);
    expect(unanchored.status).toBe(2);

    await withDatabase(dataDir, async (_pool, log) => {
      await log.anchor();
    });
    const intact = verifyCommand(dataDir);
    expect(intact.stdout).toContain(
      `access log intact: 3 entries checked (keyed chain from entry 1; 1 anchors, the last at entry 3 in ${anchorFile})`,
    );
    expect(intact.status).toBe(0);

    await withDatabase(dataDir, async (pool) => {
      await pool.query('alter table audit.access_log disable trigger access_log_append_only');
      await pool.query(`update audit.access_log set purpose = 'curiosity' where seq = 2`);
    });

    const broken = verifyCommand(dataDir);
    expect(broken.stdout).toContain('access log BROKEN at entry 2');
    expect(broken.stdout).toContain('  edited: entry 2 was changed after it was written');
    expect(broken.status).toBe(1);
  }, 240_000);

  it('should name a deleted tail as truncated against the anchor file, with exit 1', async () => {
    const other = mkdtempSync(join(tmpdir(), 'perheverkko-audit-'));
    try {
      await withDatabase(other, async (pool, log) => {
        await recordReads(log, ['a', 'b', 'c', 'd']);
        await log.anchor();
        await pool.query('alter table audit.access_log disable trigger access_log_append_only');
        await pool.query('delete from audit.access_log where seq > 2');
      });
      const truncated = verifyCommand(other);
      expect(truncated.stdout).toContain('access log BROKEN at entry 3');
      expect(truncated.stdout).toMatch(/ {2}truncated: the log ends at entry 2, but entry 4 was anchored at .*: entries 3–4 were deleted/);
      expect(truncated.status).toBe(1);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  }, 120_000);
});
