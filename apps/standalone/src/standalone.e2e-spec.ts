import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceProcess } from '@perheverkko/platform/testing';

/** Every service with a store of its own, and the embedded transport feeding convening from intake. */
const HEALTH_CHECKS = ['postgres', 'intake', 'convening', 'meeting', 'plan-followup', 'reporting', 'read-models', 'messaging'];

/** Every path below `dir` (itself included) whose permission bits are not 0700 (folders) or 0600 (files). */
function notPrivate(dir: string): string[] {
  const mode = (path: string) => statSync(path).mode & 0o777;
  const found = mode(dir) === 0o700 ? [] : [`${dir} ${mode(dir).toString(8)}`];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...notPrivate(path));
    else if (mode(path) !== 0o600) found.push(`${path} ${mode(path).toString(8)}`);
  }
  return found;
}

describe('npm start (the embedded default)', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'perheverkko-standalone-'));
  });

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('should host every service in one process on the embedded database, with health and OpenAPI', async () => {
    const noConsole = join(tmpdir(), `perheverkko-no-console-${process.pid}`);
    const app = await ServiceProcess.start('standalone', { DATA_DIR: dataDir, CONSOLE_DIR: noConsole });
    try {
      const health = await app.get('/health');
      expect(health.status).toBe(200);
      const report = JSON.parse(health.body);
      expect(report.status).toBe('up');
      expect(Object.keys(report.checks).sort()).toEqual([...HEALTH_CHECKS].sort());
      expect(report.checks.messaging).toMatchObject({ status: 'up', transport: 'embedded' });

      const openapi = await app.get('/openapi.json');
      expect(openapi.status).toBe(200);
      expect(JSON.parse(openapi.body)).toMatchObject({ openapi: expect.stringMatching(/^3\./), info: { title: 'Perheverkko' } });
      const docs = await app.get('/docs');
      expect(docs.status).toBe(200);
      expect(docs.body).toContain('swagger');
      expect(app.log).toContain(`${join(dataDir, 'pglite')}`);
      // The console's address next to the API's; without a build, `/` says how to make one.
      expect(app.log).toMatch(/Console: http:\/\/localhost:\d+\/ \(not built yet: npm run console:build\)/);
      const home = await app.get('/');
      expect(home.status).toBe(404);
      expect(home.body).toContain('npm run console:build');
    } finally {
      // Nest runs the shutdown hooks, then ends the process by the same signal.
      expect(await app.stop()).toEqual({ code: null, signal: 'SIGTERM' });
      expect(app.log).toContain('embedded PostgreSQL closed cleanly');
    }
  }, 120_000);

  it('should start again on the same data folder after a stop', async () => {
    const again = await ServiceProcess.start('standalone', { DATA_DIR: dataDir });
    try {
      expect(JSON.parse((await again.get('/health')).body).status).toBe('up');
    } finally {
      expect((await again.stop()).signal).toBe('SIGTERM');
    }
  }, 120_000);

  it('should keep DATA_DIR private to its user, tightening what an earlier run or a copy left readable', async () => {
    chmodSync(dataDir, 0o755);
    chmodSync(join(dataDir, 'demo-master-keys.txt'), 0o644);
    chmodSync(join(dataDir, 'pglite'), 0o755);
    expect(notPrivate(dataDir).length).toBeGreaterThan(0);
    const app = await ServiceProcess.start('standalone', { DATA_DIR: dataDir });
    try {
      // DATA_DIR holds the embedded database, the demo master key and the demo issuer's signing key (made on first use).
      const token = await fetch(`${app.baseUrl}/oidc/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'aino', password: 'demo-aino' }),
      });
      expect(token.status).toBe(200);
      expect(readdirSync(dataDir)).toEqual(expect.arrayContaining(['pglite', 'demo-master-keys.txt', 'demo-issuer-key.json']));
      expect(notPrivate(dataDir)).toEqual([]);
    } finally {
      await app.stop();
    }
    expect(notPrivate(dataDir)).toEqual([]);
  }, 120_000);

  it('should refuse to run its demo issuer on a database server unless DEMO_ISSUER=enabled, naming the settings', async () => {
    const shared = {
      DATA_DIR: dataDir,
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      MASTER_KEYS: `k:${Buffer.alloc(32, 3).toString('base64')}`,
    };
    await expect(ServiceProcess.start('standalone', shared, 20_000)).rejects.toThrow(
      /OIDC_ISSUER: OIDC_ISSUER is not set, so this process would run the built-in demo issuer.*DATABASE_URL makes it part of a shared deployment.*DEMO_ISSUER=enabled/,
    );
  }, 60_000);

  it('should refuse to start on invalid configuration, naming the setting', async () => {
    await expect(ServiceProcess.start('standalone', { DATA_DIR: dataDir, DATABASE_URL: 'mysql://nope' }, 20_000)).rejects.toThrow(
      /DATABASE_URL must be a postgres/,
    );
  }, 60_000);
});
