import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceProcess } from '@perheverkko/platform/testing';
import { demoToken } from '../e2e/services-apart';

/** What county IT sees of a running process: probes, Prometheus metrics and JSON logs without personal data. */
describe('operating a process: health probes, metrics, JSON logs', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'perheverkko-ops-'));
  let app: ServiceProcess;
  let token: string;
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${app.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, text: await response.text() };
  };

  beforeAll(async () => {
    app = await ServiceProcess.start('standalone', { DATA_DIR: dataDir, LOG_FORMAT: 'json' }, 120_000);
    token = await demoToken(app.baseUrl, 'terhi');
  }, 150_000);

  afterAll(async () => {
    try {
      await app?.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('should answer liveness without touching dependencies, and readiness with each dependency', async () => {
    expect(JSON.parse((await app.get('/health/live')).body)).toMatchObject({ status: 'up' });
    const ready = JSON.parse((await app.get('/health/ready')).body);
    expect(ready.status).toBe('up');
    expect(ready.checks).toMatchObject({
      postgres: { status: 'up', embedded: true },
      intake: { status: 'up' },
      messaging: { status: 'up' },
    });
  });

  it('should expose commands, append latency, HTTP latency, consumer and projection lag and dead letters to Prometheus', async () => {
    const concern = {
      channel: 'phone-line',
      sector: 'school',
      municipality: 'Kuopio',
      children: [{ name: 'Vertti Salainen', identifier: 'TEMP-OPS1' }],
      guardians: [],
      description: 'sleeps badly',
      zone: 2,
      ratedBy: 'worker',
    };
    expect((await call('POST', '/concerns', concern)).status).toBe(201);
    expect((await call('POST', '/concerns', { ...concern, zone: 9 })).status).toBe(400);
    const metrics = (await app.get('/metrics')).body;
    expect(metrics).toMatch(/perheverkko_commands_total\{command="RegisterConcern",result="accepted"\} 1/);
    // The error series is there at 0 before any error: its first one is an increase an alert sees.
    expect(metrics).toMatch(/perheverkko_commands_total\{command="RegisterConcern",result="error"\} 0/);
    expect(metrics).toMatch(/perheverkko_event_store_append_seconds_count\{service="intake",outcome="appended"\} [1-9]/);
    expect(metrics).toMatch(/perheverkko_http_request_duration_seconds_count\{method="POST",route="\/concerns",status="201"\} 1/);
    expect(metrics).toMatch(/perheverkko_http_request_duration_seconds_count\{method="POST",route="\/concerns",status="400"\} 1/);
    expect(metrics).toMatch(/perheverkko_consumer_lag_events\{group="reporting.archive",source="intake"\} \d+/);
    expect(metrics).toMatch(/perheverkko_projection_lag_events\{projection="annual-report"\} \d+/);
    expect(metrics).toMatch(/perheverkko_dead_letters\{where="reporting.dead_letters \(reporting.archive\)"\} 0/);
    // No ids in the route label: one series per route, however many cases.
    expect(metrics).not.toMatch(/route="[^"]*[0-9a-f]{8}-[0-9a-f]{4}/);
  });

  it('should log one JSON object per line, with trace ids, and never the people in the data', async () => {
    await call(
      'POST',
      '/concerns',
      {
        channel: 'phone-line',
        sector: 'school',
        municipality: 'Kuopio',
        children: [{ name: 'Vertti Salainen', identifier: 'TEMP-OPS2' }],
        guardians: [],
        description: 'sleeps badly',
        zone: 2,
        ratedBy: 'worker',
      },
      { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
    );
    const lines = app.log.split('\n').filter((line) => line.trim());
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(lines.map((l) => JSON.parse(l))).toEqual(
      expect.arrayContaining([expect.objectContaining({ level: 'info', context: expect.any(String), time: expect.any(String) })]),
    );
    expect(app.log).not.toContain('Vertti');
    expect(app.log).not.toContain('TEMP-OPS');
  });
});
