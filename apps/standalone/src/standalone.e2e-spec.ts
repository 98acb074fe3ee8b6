import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceProcess } from '@perheverkko/platform/testing';

/** Every service with a store of its own, and the embedded transport feeding convening from intake. */
const HEALTH_CHECKS = ['postgres', 'intake', 'convening', 'meeting', 'plan-followup', 'reporting', 'read-models', 'messaging'];

describe('npm start (the embedded default)', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'perheverkko-standalone-'));
  });

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('should host every service in one process on the embedded database, with health and OpenAPI', async () => {
    const app = await ServiceProcess.start('standalone', { DATA_DIR: dataDir });
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

  it('should refuse to start on invalid configuration, naming the setting', async () => {
    await expect(ServiceProcess.start('standalone', { DATA_DIR: dataDir, DATABASE_URL: 'mysql://nope' }, 20_000)).rejects.toThrow(
      /DATABASE_URL must be a postgres/,
    );
  }, 60_000);
});
