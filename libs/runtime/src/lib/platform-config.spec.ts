import { loadPlatformConfig } from './platform-config';

const MASTER_KEYS = `k1:${Buffer.alloc(32, 1).toString('base64')}`;
const DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/perheverkko';

/** What the start-up check says about the demo issuer (other settings a database server requires are not this spec's). */
function demoIssuerReasons(env: NodeJS.ProcessEnv): string[] {
  try {
    loadPlatformConfig(env);
    return [];
  } catch (error) {
    return (error as Error).message.split('\n').filter((line) => /^\s*(OIDC_ISSUER|DEMO_ISSUER):/.test(line));
  }
}

describe('start-up configuration', () => {
  describe('the built-in demo issuer', () => {
    it('should run in the embedded default with no setting', () => {
      expect(loadPlatformConfig({})).toMatchObject({ servesDemoIssuer: true, demoIssuerEnabled: true });
    });

    it.each([
      ['DATABASE_URL', { DATABASE_URL, MASTER_KEYS }],
      ['KAFKA_BROKERS', { KAFKA_BROKERS: '127.0.0.1:9092' }],
      ['EVENTSTOREDB_URL', { EVENTSTOREDB_URL: 'esdb://127.0.0.1:2113?tls=false' }],
    ])('should refuse to start with %s and no OIDC_ISSUER, naming the settings', (setting, env) => {
      expect(demoIssuerReasons(env)).toEqual([
        expect.stringMatching(
          new RegExp(`OIDC_ISSUER is not set.*demo users.*pekka.*${setting} makes.*Set OIDC_ISSUER.*or DEMO_ISSUER=enabled`),
        ),
      ]);
    });

    it('should refuse to start when OIDC_ISSUER names this process on a database server', () => {
      const env = {
        DATABASE_URL,
        MASTER_KEYS,
        KAFKA_BROKERS: 'kafka:9092',
        OIDC_ISSUER: 'http://intake:3000/',
        PUBLIC_URL: 'http://intake:3000',
      };
      expect(demoIssuerReasons(env)).toEqual([
        expect.stringMatching(/OIDC_ISSUER names this process \(http:\/\/intake:3000\).*DATABASE_URL and KAFKA_BROKERS make it/),
      ]);
    });

    it('should run on shared servers only with DEMO_ISSUER=enabled', () => {
      expect(demoIssuerReasons({ DATABASE_URL, MASTER_KEYS, DEMO_ISSUER: 'enabled' })).toEqual([]);
      expect(loadPlatformConfig({ KAFKA_BROKERS: '127.0.0.1:9092', DEMO_ISSUER: 'enabled' })).toMatchObject({
        servesDemoIssuer: true,
        demoIssuerEnabled: true,
      });
      const intake = {
        DATABASE_URL,
        MASTER_KEYS,
        OIDC_ISSUER: 'http://intake:3000',
        PUBLIC_URL: 'http://intake:3000',
        DEMO_ISSUER: 'enabled',
      };
      expect(demoIssuerReasons(intake)).toEqual([]);
    });

    it('should need no setting in a process that trusts another issuer', () => {
      const convening = { DATABASE_URL, MASTER_KEYS, OIDC_ISSUER: 'http://intake:3000', PUBLIC_URL: 'http://convening:3000' };
      expect(demoIssuerReasons(convening)).toEqual([]);
      expect(loadPlatformConfig({ KAFKA_BROKERS: 'kafka:9092', OIDC_ISSUER: 'http://intake:3000' })).toMatchObject({
        servesDemoIssuer: false,
        demoIssuerEnabled: false,
      });
    });

    it('should refuse DEMO_ISSUER=disabled with no issuer at all, and values other than enabled or disabled', () => {
      expect(() => loadPlatformConfig({ DEMO_ISSUER: 'disabled' })).toThrow(
        /DEMO_ISSUER=disabled, so no issuer's tokens would be accepted/,
      );
      expect(() => loadPlatformConfig({ DEMO_ISSUER: 'yes' })).toThrow(/DEMO_ISSUER must be enabled or disabled/);
    });
  });

  it('should bound token lifetimes at 12 hours unless TOKEN_MAX_LIFETIME_MINUTES says otherwise', () => {
    expect(loadPlatformConfig({}).TOKEN_MAX_LIFETIME_MINUTES).toBe(720);
    expect(loadPlatformConfig({ TOKEN_MAX_LIFETIME_MINUTES: '60' }).TOKEN_MAX_LIFETIME_MINUTES).toBe(60);
    expect(() => loadPlatformConfig({ TOKEN_MAX_LIFETIME_MINUTES: '0' })).toThrow(/TOKEN_MAX_LIFETIME_MINUTES/);
  });

  it('should listen on loopback only in the embedded default, on every address with a database server, or where HOST says', () => {
    expect(loadPlatformConfig({}).listenHost).toBe('127.0.0.1');
    expect(loadPlatformConfig({ HOST: '0.0.0.0' }).listenHost).toBe('0.0.0.0');
    const server = {
      DATABASE_URL,
      MASTER_KEYS,
      ACCESS_LOG_KEYS: `a1:${Buffer.alloc(32, 2).toString('base64')}`,
      OIDC_ISSUER: 'https://login.example.fi/realms/county',
    };
    expect(loadPlatformConfig(server).listenHost).toBe('0.0.0.0');
    expect(() => loadPlatformConfig({ HOST: 'anywhere' })).toThrow(/HOST must be/);
  });

  it('should read CONSOLE_ORIGINS as a list of origins and refuse anything with a path or no scheme', () => {
    expect(loadPlatformConfig({}).consoleOrigins).toEqual([]);
    expect(loadPlatformConfig({ CONSOLE_ORIGINS: 'https://Console.example.fi:443,http://localhost:5173' }).consoleOrigins).toEqual([
      'https://console.example.fi',
      'http://localhost:5173',
    ]);
    for (const wrong of ['console.example.fi', 'https://console.example.fi/app', 'https://a.fi,,https://b.fi', '*']) {
      expect(() => loadPlatformConfig({ CONSOLE_ORIGINS: wrong })).toThrow(/CONSOLE_ORIGINS must be a comma-separated list of origins/);
    }
  });

  it('should hand the event store EVENTSTOREDB_URL as the KurrentDB client takes it, and refuse a bad one without its password', () => {
    const demo = { DEMO_ISSUER: 'enabled' as const };
    for (const [given, taken] of [
      ['esdb://127.0.0.1:2113?tls=false', 'kurrentdb://127.0.0.1:2113?tls=false'],
      ['kurrentdb+discover://cluster.county.fi:2113', 'kurrentdb+discover://cluster.county.fi:2113'],
      ['kdb://127.0.0.1:2113', 'kdb://127.0.0.1:2113'],
    ]) {
      expect(loadPlatformConfig({ ...demo, EVENTSTOREDB_URL: given }).EVENTSTOREDB_URL).toBe(taken);
    }
    const bad = () => loadPlatformConfig({ ...demo, EVENTSTOREDB_URL: 'kurrentdb://admin:hunter2-secret@host:2113?tls=perhaps' });
    expect(bad).toThrow(
      /EVENTSTOREDB_URL: not a connection string the KurrentDB client accepts: at character \d+ it expects true or false/,
    );
    expect(bad).not.toThrow(/hunter2/);
    expect(() => loadPlatformConfig({ ...demo, EVENTSTOREDB_URL: 'https://eventstore:2113' })).toThrow(
      /EVENTSTOREDB_URL: must start with esdb:\/\//,
    );
  });
});
