import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { MasterKeys } from '@perheverkko/personal-data';
import { loadPlatformConfig } from '@perheverkko/runtime';

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
  const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, ComposeService>;
  };
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
    expect(Object.keys(service.environment!)).toEqual(
      expect.arrayContaining(['PORT', 'DATABASE_URL', 'KAFKA_BROKERS', 'EVENTSTOREDB_URL']),
    );
    expect(service.environment!.DATABASE_URL).toMatch(/@postgres:5432\//);
    for (const dependency of Object.keys(service.depends_on ?? {})) expect(Object.keys(services)).toContain(dependency);
  });

  /** A service's environment as Compose resolves it when nothing is set on the host (`${X:-default}` → default). */
  const resolved = (name: string) =>
    Object.fromEntries(
      Object.entries(services[name].environment!).map(([key, value]) => [key, String(value).replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1')]),
    );

  /** The start-up check's reasons to refuse a service's settings, or none. */
  const refusals = (env: Record<string, string>) => {
    try {
      loadPlatformConfig(env);
      return [];
    } catch (error) {
      return (error as Error).message
        .split('\n')
        .slice(1)
        .map((line) => line.trim());
    }
  };

  it('should enable the demo issuer explicitly in intake alone, the issuer the others trust', () => {
    const demoIssuer = (reasons: string[]) => reasons.filter((reason) => /^(OIDC_ISSUER|DEMO_ISSUER):/.test(reason));
    expect(demoIssuer(refusals(resolved('intake')))).toEqual([]);
    expect(resolved('intake')).toMatchObject({ DEMO_ISSUER: 'enabled', OIDC_ISSUER: resolved('intake').PUBLIC_URL });
    for (const name of SERVICES.slice(1)) {
      expect(services[name].environment!.DEMO_ISSUER).toBeUndefined();
      expect(demoIssuer(refusals(resolved(name)))).toEqual([]);
    }
    const { DEMO_ISSUER: _enabled, ...withoutIt } = resolved('intake');
    expect(demoIssuer(refusals(withoutIt))).toEqual([expect.stringMatching(/OIDC_ISSUER names this process.*DEMO_ISSUER=enabled/)]);
  });

  it('should give a demo master key that the services accept', () => {
    const spec = /\$\{MASTER_KEYS:-([^}]+)\}/.exec(services.intake.environment!.MASTER_KEYS)![1];
    expect(() => MasterKeys.parse(spec)).not.toThrow();
  });
});
