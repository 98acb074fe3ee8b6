import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { startEmbeddedPostgres } from '@perheverkko/event-store';
import { AccessLog } from '@perheverkko/platform';

const root = join(__dirname, '../..');

function verifyCommand(dataDir: string) {
  return spawnSync(process.execPath, ['-r', '@swc-node/register', 'tools/audit/verify-access-log.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('npm run audit:verify', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'perheverkko-audit-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('should report an intact chain with exit 0, and name the first changed entry with exit 1', async () => {
    const embedded = await startEmbeddedPostgres({ dataDir: join(dataDir, 'pglite') });
    const pool = new Pool({ connectionString: embedded.connectionString, max: 1 });
    const log = await AccessLog.open(pool);
    for (const who of ['a', 'b', 'c']) await log.record({ actorId: who, actorRole: 'auditor', organisation: 'x', caseId: 'case-1', action: 'read', what: 'joint plan', purpose: 'audit' });
    await pool.end();
    await embedded.stop();

    const intact = verifyCommand(dataDir);
    expect(intact.stdout).toContain('access log intact: 3 entries checked');
    expect(intact.status).toBe(0);

    const again = await startEmbeddedPostgres({ dataDir: join(dataDir, 'pglite') });
    const tamper = new Pool({ connectionString: again.connectionString, max: 1 });
    await tamper.query('alter table audit.access_log disable trigger access_log_append_only');
    await tamper.query(`update audit.access_log set purpose = 'curiosity' where seq = 2`);
    await tamper.end();
    await again.stop();

    const broken = verifyCommand(dataDir);
    expect(broken.stdout).toContain('access log BROKEN at entry 2');
    expect(broken.status).toBe(1);
  }, 120_000);
});
