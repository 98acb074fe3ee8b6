import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, validateSync } from 'class-validator';
import { normaliseKurrentConnectionString } from '@perheverkko/event-store';
import { readKafkaConnection, type KafkaConnection } from '@perheverkko/messaging';

/**
 * The environment every service reads, validated at start-up so a typo stops the process with a clear
 * message instead of surfacing later as a strange failure.
 */
export class PlatformConfig {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /**
   * Address to listen on. Default: 127.0.0.1 for the embedded default (a developer's machine: its demo issuer and
   * open metrics are not for the network), 0.0.0.0 with a database server (a container behind its ingress).
   */
  @IsOptional()
  @Matches(/^(\d{1,3}(\.\d{1,3}){3}|::|::1|localhost)$/, { message: 'HOST must be an IPv4 address, ::, ::1 or localhost' })
  HOST?: string;

  get listenHost(): string {
    return this.HOST ?? (this.DATABASE_URL ? '0.0.0.0' : '127.0.0.1');
  }

  /** A PostgreSQL server; absent means the embedded PGlite database in DATA_DIR. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  /**
   * When set, events are stored in EventStoreDB (KurrentDB) instead of PostgreSQL: `esdb://`, `kurrentdb://`, `kdb://`
   * or their `+discover` forms, checked by the client's parser and normalised at load (loadPlatformConfig).
   */
  @IsOptional()
  @IsString()
  EVENTSTOREDB_URL?: string;

  /** Comma-separated host:port list; absent means the in-process transport (embedded mode). */
  @IsOptional()
  @Matches(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, { message: 'KAFKA_BROKERS must look like host1:9092,host2:9092' })
  KAFKA_BROKERS?: string;

  /**
   * How to reach KAFKA_BROKERS (KAFKA_SECURITY_PROTOCOL, KAFKA_SSL_*, KAFKA_SASL_*; docs/operations.md), read and
   * checked at start-up with the files it names. Absent without KAFKA_BROKERS.
   */
  kafka?: KafkaConnection;

  /** Where the embedded database keeps its files between runs. */
  @IsString()
  DATA_DIR = 'data';

  /**
   * The OpenID Connect issuer whose tokens are accepted (its discovery document names the JWKS). Absent: this
   * process runs the built-in demo issuer with documented demo users (the zero-install default only).
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'OIDC_ISSUER must be an http(s) URL' })
  OIDC_ISSUER?: string;

  /** The audience tokens must be issued for. */
  @IsString()
  OIDC_AUDIENCE = 'perheverkko';

  /**
   * The built-in demo issuer, whose documented demo users anyone can sign in as (an administrator among them).
   * Default: on in the embedded default only. A process with DATABASE_URL, KAFKA_BROKERS or EVENTSTOREDB_URL that would
   * serve it (no OIDC_ISSUER, or OIDC_ISSUER naming this process) refuses to start unless it is `enabled`.
   */
  @IsOptional()
  @IsIn(['enabled', 'disabled'], { message: 'DEMO_ISSUER must be enabled or disabled' })
  DEMO_ISSUER?: 'enabled' | 'disabled';

  /** The longest a bearer token may be valid (exp − iat, or exp − now without iat); longer ones are refused. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 60)
  TOKEN_MAX_LIFETIME_MINUTES = 12 * 60;

  /** The URL this process is reached at, the demo issuer's identifier. Default http://localhost:<PORT>. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'PUBLIC_URL must be an http(s) URL' })
  PUBLIC_URL?: string;

  /**
   * Origins of web consoles served apart from this process (`https://console.example.fi,…`): their browsers may call
   * the API and the demo issuer's discovery, keys and token endpoints (CORS), and the demo issuer redirects a
   * sign-in back to them. Absent: no other origin is allowed anything.
   */
  @IsOptional()
  @Matches(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(,https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?)*$/, {
    message:
      'CONSOLE_ORIGINS must be a comma-separated list of origins like https://console.example.fi (scheme, host, optional port; no path)',
  })
  CONSOLE_ORIGINS?: string;

  /** The built web console the embedded default serves at `/` (default: dist/console, `npm run console:build`). */
  @IsOptional()
  @IsString()
  CONSOLE_DIR?: string;

  /**
   * Master keys that wrap each case's personal-data key: `id:base64(32 bytes),…`. Required with a PostgreSQL
   * server (every process must unwrap the same keys); the embedded default keeps a generated one in DATA_DIR.
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,40}:[A-Za-z0-9+/=]{40,}(,[A-Za-z0-9_-]{1,40}:[A-Za-z0-9+/=]{40,})*$/, {
    message: 'MASTER_KEYS must look like <id>:<base64 of 32 random bytes>[,<id>:<base64>…]',
  })
  MASTER_KEYS?: string;

  /** Which master key wraps new case keys (default: the last listed). */
  @IsOptional()
  @IsString()
  MASTER_KEY_ID?: string;

  /**
   * Keys of the access log's hash chain (HMAC-SHA-256), kept out of the database: `id:base64(32 bytes),…`; the last
   * listed signs new entries, older ones stay listed so their entries verify. Required with DATABASE_URL; the
   * embedded default keeps a generated one in DATA_DIR (access-log-keys.txt, mode 0600).
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,40}:[A-Za-z0-9+/=]{40,}(,[A-Za-z0-9_-]{1,40}:[A-Za-z0-9+/=]{40,})*$/, {
    message: 'ACCESS_LOG_KEYS must look like <id>:<base64 of 32 random bytes>[,<id>:<base64>…]',
  })
  ACCESS_LOG_KEYS?: string;

  /**
   * The append-only file the access log's head is anchored in, outside the database (every minute and on shutdown).
   * Default: DATA_DIR/access-log-anchors.jsonl; in a cluster, a volume every replica appends to and the database
   * account cannot rewrite.
   */
  @IsOptional()
  @IsString()
  ACCESS_LOG_ANCHOR_FILE?: string;

  /** Requests per minute from one address before 429: stops floods and password guessing, not normal work. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE = 600;

  /**
   * Proxies (ingress, load balancer) in front of the process: the client's address is taken that many hops back
   * in X-Forwarded-For. 0: the connecting address, the header is ignored (a client could write anything there).
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10)
  TRUSTED_PROXIES = 0;

  /**
   * Bearer token Prometheus sends to scrape `/metrics`. With DATABASE_URL metrics are served only with it (they name consumer groups,
   * rates and errors: operations data, not for anyone who can reach the port); the embedded default serves them
   * openly on localhost when it is unset.
   */
  @IsOptional()
  @IsString()
  @Length(16, 200, { message: 'METRICS_TOKEN must be 16 to 200 characters' })
  METRICS_TOKEN?: string;

  /** Reporting: counts from 1 to this − 1 are suppressed in what analysts receive (small-number protection). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  REPORT_SUPPRESS_BELOW = 5;

  /** Years personal data is kept after a case closes, per record type (`default` required). */
  @IsString()
  @Matches(/^([a-z][a-z0-9-]*:\d+(\.\d+)?)(,[a-z][a-z0-9-]*:\d+(\.\d+)?)*$/, {
    message: 'RETENTION_YEARS must look like default:12,feedback:1',
  })
  RETENTION_YEARS = 'default:12';

  /**
   * The county's staff directory (JSON: [{ id, name, organisation, sector, team? }]): who may be invited, attend as
   * a professional and be named responsible worker. Absent: the demo directory (README), fit for `npm start` only.
   */
  @IsOptional()
  @IsString()
  STAFF_DIRECTORY_FILE?: string;

  /**
   * The reference data a process starts from before administrators' changes: `demo` (default) adds the demo
   * county's organisers and rooms to the national baseline (municipalities, services, Wellbeing Star, feedback
   * form); a county sets `national` and records its own units and rooms through the API.
   */
  @IsIn(['demo', 'national'])
  REFERENCE_BASELINE: 'demo' | 'national' = 'demo';

  get publicUrl(): string {
    return (this.PUBLIC_URL ?? `http://localhost:${this.PORT}`).replace(/\/$/, '');
  }

  /** CONSOLE_ORIGINS as a list, each as the URL standard writes an origin (lower case, no default port). */
  get consoleOrigins(): string[] {
    return (this.CONSOLE_ORIGINS ?? '')
      .split(',')
      .filter((origin) => origin !== '')
      .map((origin) => new URL(origin).origin);
  }

  /**
   * The origins whose browsers may call the demo issuer's discovery, keys and token endpoints: CONSOLE_ORIGINS and,
   * on a developer's machine, this process under its other loopback names (a console opened at 127.0.0.1 signs in
   * at the issuer named localhost).
   */
  get demoIssuerCorsOrigins(): string[] {
    return [...new Set([...this.consoleOrigins, ...withLoopbackAliases(new URL(this.publicUrl).origin)])];
  }

  get usesEmbeddedDatabase(): boolean {
    return !this.DATABASE_URL;
  }

  /** The settings that make this process part of a deployment on shared servers rather than the embedded default. */
  get sharedServerSettings(): string[] {
    return (['DATABASE_URL', 'KAFKA_BROKERS', 'EVENTSTOREDB_URL'] as const).filter((name) => this[name]);
  }

  /** This process is the issuer of the tokens it accepts: no OIDC_ISSUER, or OIDC_ISSUER naming this very process. */
  get servesDemoIssuer(): boolean {
    const issuer = this.OIDC_ISSUER?.replace(/\/$/, '');
    return !issuer || issuer === this.publicUrl;
  }

  /** DEMO_ISSUER, or its default: enabled in the embedded default, disabled on shared servers. */
  get demoIssuerEnabled(): boolean {
    return (this.DEMO_ISSUER ?? (this.sharedServerSettings.length > 0 ? 'disabled' : 'enabled')) === 'enabled';
  }
}

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/**
 * An origin and, when it is a loopback address, the same scheme and port under the other loopback names: on a
 * developer's machine http://127.0.0.1:3000 and http://localhost:3000 are the same server.
 */
export function withLoopbackAliases(origin: string): string[] {
  const url = new URL(origin);
  if (!LOOPBACK_HOSTS.includes(url.hostname)) return [url.origin];
  return LOOPBACK_HOSTS.map((host) => `${url.protocol}//${host}${url.port ? `:${url.port}` : ''}`);
}

export function loadPlatformConfig(env: NodeJS.ProcessEnv = process.env): PlatformConfig {
  const known = Object.keys(new PlatformConfig()).concat([
    'DATABASE_URL',
    'EVENTSTOREDB_URL',
    'KAFKA_BROKERS',
    'OIDC_ISSUER',
    'DEMO_ISSUER',
    'PUBLIC_URL',
    'MASTER_KEYS',
    'MASTER_KEY_ID',
    'HOST',
    'METRICS_TOKEN',
    'STAFF_DIRECTORY_FILE',
    'ACCESS_LOG_KEYS',
    'ACCESS_LOG_ANCHOR_FILE',
    'CONSOLE_ORIGINS',
    'CONSOLE_DIR',
  ]);
  const present = Object.fromEntries(Object.entries(env).filter(([key, value]) => known.includes(key) && value !== ''));
  const config = plainToInstance(PlatformConfig, present);
  const errors = validateSync(config);
  const reasons = errors.flatMap((e) => Object.values(e.constraints ?? {}).map((reason) => `${e.property}: ${reason}`));
  if (config.DATABASE_URL && !config.MASTER_KEYS) {
    reasons.push(
      'MASTER_KEYS: required with DATABASE_URL, so that every process unwraps the same case keys (generate one with: npm run keys:generate)',
    );
  }
  if (config.DATABASE_URL && !config.ACCESS_LOG_KEYS) {
    reasons.push(
      'ACCESS_LOG_KEYS: required with DATABASE_URL, so that every process signs the access log with the same key, kept outside the database (generate one with: npm run keys:generate)',
    );
  }
  if (config.EVENTSTOREDB_URL) {
    try {
      config.EVENTSTOREDB_URL = normaliseKurrentConnectionString(config.EVENTSTOREDB_URL, 'EVENTSTOREDB_URL');
    } catch (error) {
      reasons.push((error as Error).message);
    }
  }
  const kafka = readKafkaConnection(env);
  reasons.push(...kafka.problems);
  config.kafka = kafka.connection;
  if (errors.length === 0 && config.servesDemoIssuer && !config.demoIssuerEnabled) reasons.push(demoIssuerRefusal(config));
  if (reasons.length > 0) throw new Error(`Invalid configuration:\n  ${reasons.join('\n  ')}`);
  return config;
}

function demoIssuerRefusal(config: PlatformConfig): string {
  const shared = config.sharedServerSettings;
  const which = config.OIDC_ISSUER ? `OIDC_ISSUER names this process (${config.publicUrl})` : 'OIDC_ISSUER is not set';
  if (shared.length === 0) {
    return `OIDC_ISSUER: ${which} and DEMO_ISSUER=disabled, so no issuer's tokens would be accepted; set OIDC_ISSUER to the identity provider, or remove DEMO_ISSUER`;
  }
  return (
    `OIDC_ISSUER: ${which}, so this process would run the built-in demo issuer, whose demo users anyone can sign in as ` +
    `(pekka/demo-pekka is an administrator), while ${shared.join(' and ')} ${shared.length === 1 ? 'makes' : 'make'} it part of a shared deployment. ` +
    `Set OIDC_ISSUER to the county's identity provider, or DEMO_ISSUER=enabled for a demo or test deployment only`
  );
}
