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
  volumes?: string[];
  ports?: string[];
  networks?: Record<string, { aliases?: string[] }>;
}

describe('docker-compose.yml', () => {
  // `merge: true` resolves the `<<:` anchors the file uses, as Docker Compose does.
  const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, ComposeService>;
    volumes: Record<string, unknown>;
  };
  const services = compose.services;

  it('should describe the five services, PostgreSQL, Kafka in KRaft mode and EventStoreDB', () => {
    expect(Object.keys(services).sort()).toEqual([...SERVICES, 'console', 'eventstoredb', 'kafka', 'postgres'].sort());
    expect(services.kafka.environment).toMatchObject({ KAFKA_PROCESS_ROLES: 'broker,controller' });
    expect(services.eventstoredb.environment).toMatchObject({ EVENTSTORE_RUN_PROJECTIONS: 'All' });
  });

  it("should keep Kafka's log directories (topics, offsets, the KRaft metadata) on a named volume", () => {
    // The apache/kafka image writes to /tmp/kraft-combined-logs unless KAFKA_LOG_DIRS says otherwise: a volume mounted
    // anywhere else leaves everything in the container, lost when it is recreated.
    const logDirs = String(services.kafka.environment!.KAFKA_LOG_DIRS ?? '/tmp/kraft-combined-logs').split(',');
    const mounts = (services.kafka.volumes ?? []).map((volume) => volume.split(':'));
    for (const logDir of logDirs) {
      const mount = mounts.find(([, target]) => logDir === target || logDir.startsWith(`${target}/`));
      expect({ logDir, volume: mount?.[0] }).toEqual({ logDir, volume: expect.any(String) });
      expect(Object.keys(compose.volumes)).toContain(mount![0]);
    }
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

  describe('the web console', () => {
    const mounts = () => Object.fromEntries(services.console.volumes!.map((volume) => volume.split(':')).map(([from, to]) => [to, from]));
    const consoleConfig = () =>
      JSON.parse(readFileSync(join(root, mounts()['/etc/perheverkko/console/console-config.json']), 'utf8')) as {
        issuer: string;
        clientId: string;
        api: Record<string, string>;
      };

    it('should serve the built console on nginx with the nginx template and the settings mounted', () => {
      expect(services.console.image).toMatch(/^nginxinc\/nginx-unprivileged:/);
      expect(mounts()['/usr/share/nginx/html']).toBe('./dist/console');
      expect(existsSync(join(root, mounts()['/etc/nginx/templates/default.conf.template']))).toBe(true);
      expect(consoleConfig().clientId).toBe('perheverkko-console');
    });

    it('should name an issuer and services the browser reaches, which the services trust and allow', () => {
      const settings = consoleConfig();
      // The issuer's name is the one the services use, and intake answers to it inside the network and on the host.
      expect(settings.issuer).toBe(resolved('intake').OIDC_ISSUER);
      expect(settings.issuer).toBe(resolved('intake').PUBLIC_URL);
      const issuer = new URL(settings.issuer);
      expect(services.intake.networks?.default.aliases).toContain(issuer.hostname);
      expect(services.intake.ports).toContain(`${issuer.port}:${resolved('intake').PORT}`);
      expect(issuer.port).toBe(resolved('intake').PORT);
      expect(Object.keys(settings.api).sort()).toEqual(['convening', 'intake', 'meeting', 'planFollowup', 'reporting']);
      const connectSrc = String(services.console.environment!.CONSOLE_CONNECT_SRC).split(/\s+/);
      for (const url of [settings.issuer, ...Object.values(settings.api)]) expect(connectSrc).toContain(new URL(url).origin);
      const consoleOrigin = `http://localhost:${services.console.ports![0].split(':')[0]}`;
      for (const name of SERVICES) expect(loadPlatformConfig(resolved(name)).consoleOrigins).toEqual([consoleOrigin]);
    });
  });
});
