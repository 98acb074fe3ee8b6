import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { MasterKeys } from '@perheverkko/personal-data';

const root = join(__dirname, '../..');
const SERVICES = ['intake', 'convening', 'meeting', 'plan-followup', 'reporting'];

interface ComposeService {
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  environment?: Record<string, string>;
  depends_on?: Record<string, unknown>;
  image?: string;
  profiles?: string[];
}

describe('docker-compose.yml', () => {
  // `merge: true` resolves the `<<:` anchors the file uses, as Docker Compose does.
  const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
  const services = compose.services;

  it('should describe the five services, PostgreSQL, Kafka in KRaft mode and EventStoreDB', () => {
    expect(Object.keys(services).sort()).toEqual([...SERVICES, 'eventstoredb', 'kafka', 'postgres'].sort());
    expect(services.kafka.environment).toMatchObject({ KAFKA_PROCESS_ROLES: 'broker,controller' });
    expect(services.eventstoredb.environment).toMatchObject({ EVENTSTORE_RUN_PROJECTIONS: 'All' });
  });

  it.each(SERVICES)('should build %s from an app that exists, with a Dockerfile that exists', (name) => {
    const build = services[name].build!;
    expect(build.args?.SERVICE).toBe(name);
    expect(existsSync(join(root, build.context, build.dockerfile))).toBe(true);
    expect(existsSync(join(root, 'apps', name, 'src', 'main.ts'))).toBe(true);
  });

  it.each(SERVICES)('should give %s the conventional settings and only dependencies that are defined', (name) => {
    const service = services[name];
    expect(Object.keys(service.environment!)).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL', 'KAFKA_BROKERS', 'EVENTSTOREDB_URL']));
    expect(service.environment!.DATABASE_URL).toMatch(/@postgres:5432\//);
    for (const dependency of Object.keys(service.depends_on ?? {})) expect(Object.keys(services)).toContain(dependency);
  });

  it('should give a demo master key that the services accept', () => {
    const spec = /\$\{MASTER_KEYS:-([^}]+)\}/.exec(services.intake.environment!.MASTER_KEYS)![1];
    expect(() => MasterKeys.parse(spec)).not.toThrow();
  });
});
