import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceProcess } from '@perheverkko/platform/testing';

const SERVICES = ['intake', 'convening', 'meeting', 'plan-followup', 'reporting'];
const databaseUrl = process.env.TEST_DATABASE_URL;
// One master key for all five processes, as a deployment shares it.
const masterKeys = `e2e:${Buffer.alloc(32, 7).toString('base64')}`;

const brokers = process.env.KAFKA_BROKERS;
if (!databaseUrl || !brokers) process.stderr.write('skipped: the five services as separate processes — set TEST_DATABASE_URL and KAFKA_BROKERS\n');

/** The distributed shape: each service its own process, on a PostgreSQL server, talking through Kafka. */
(databaseUrl && brokers ? describe : describe.skip)('the five services as separate processes', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'perheverkko-distributed-'));
  let services: ServiceProcess[] = [];

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('should start each service alone, healthy, with its own OpenAPI document', async () => {
    services = await Promise.all(
      SERVICES.map((service) =>
        ServiceProcess.start(service, { DATA_DIR: join(dataDir, service), DATABASE_URL: databaseUrl!, KAFKA_BROKERS: brokers!, MASTER_KEYS: masterKeys }),
      ),
    );
    for (const [index, service] of services.entries()) {
      const health = JSON.parse((await service.get('/health')).body);
      expect(health.status).toBe('up');
      const name = SERVICES[index];
      // Every service with a store relays to Kafka or consumes from it; reporting has neither yet.
      const expected = name === 'reporting' ? [] : [name, 'messaging'];
      expect(Object.keys(health.checks).sort()).toEqual(expected.sort());
      const openapi = JSON.parse((await service.get('/openapi.json')).body);
      expect(openapi.info.title).toBe(`Perheverkko ${name}`);
    }
  }, 180_000);
});
