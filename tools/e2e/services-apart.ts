import { join } from 'node:path';
import { ServiceProcess, freePort, SHARED_SERVER_ACCESS_LOG_KEYS, SHARED_SERVER_MASTER_KEYS } from '@perheverkko/platform/testing';
import type { Api } from './api';

/**
 * The services deployed apart, each a process of its own on one PostgreSQL server and one Kafka broker, as the
 * end-to-end specs, the operations drills and the end-to-end benchmark start them: intake serves the demo issuer for
 * all of them (OIDC_ISSUER names it, DEMO_ISSUER enables it), as docker-compose does.
 */
export interface ServicesApart {
  /** Each service's DATA_DIR is a folder of its name in here. */
  dataDir: string;
  databaseUrl: string;
  brokers: string;
  masterKeys: string;
  accessLogKeys: string;
  /** Intake's address, where the demo issuer is. */
  issuer: string;
  rateLimitPerMinute: string;
}

/** Keys of a run's own (`label:` and 32 bytes of `masterFill`, then of `accessLogFill`), for servers of the run's own. */
export const keysOf = (label: string, masterFill: number, accessLogFill: number) => ({
  masterKeys: `${label}:${Buffer.alloc(32, masterFill).toString('base64')}`,
  accessLogKeys: `${label}:${Buffer.alloc(32, accessLogFill).toString('base64')}`,
});

/**
 * A deployment on `databaseUrl` and `brokers`, intake on a free port: the shared server's keys unless others are given,
 * and a rate limit no test reaches (all calls come from one address; a county's many users would not share one limit).
 */
export async function servicesApart(
  dataDir: string,
  databaseUrl: string,
  brokers: string,
  options: { keys?: ReturnType<typeof keysOf>; rateLimitPerMinute?: string } = {},
): Promise<ServicesApart> {
  const { masterKeys, accessLogKeys } = options.keys ?? {
    masterKeys: SHARED_SERVER_MASTER_KEYS,
    accessLogKeys: SHARED_SERVER_ACCESS_LOG_KEYS,
  };
  const issuer = `http://127.0.0.1:${await freePort()}`;
  return { dataDir, databaseUrl, brokers, masterKeys, accessLogKeys, issuer, rateLimitPerMinute: options.rateLimitPerMinute ?? '100000' };
}

/** The environment of one service's process; intake's also serves the demo issuer at the deployment's issuer. */
export function serviceEnv(deployment: ServicesApart, name: string): Record<string, string> {
  const env = {
    DATA_DIR: join(deployment.dataDir, name),
    DATABASE_URL: deployment.databaseUrl,
    KAFKA_BROKERS: deployment.brokers,
    MASTER_KEYS: deployment.masterKeys,
    ACCESS_LOG_KEYS: deployment.accessLogKeys,
    OIDC_ISSUER: deployment.issuer,
    RATE_LIMIT_PER_MINUTE: deployment.rateLimitPerMinute,
    // Set for the run (a benchmark traced into an OTLP receiver): every service exports its spans there, named apart.
    ...(process.env.OTEL_EXPORTER_OTLP_ENDPOINT
      ? { OTEL_EXPORTER_OTLP_ENDPOINT: process.env.OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_SERVICE_NAME: name }
      : {}),
  };
  if (name !== 'intake') return env;
  return { ...env, PORT: new URL(deployment.issuer).port, PUBLIC_URL: deployment.issuer, DEMO_ISSUER: 'enabled' };
}

/** Starts one service's process of the deployment. */
export function startService(
  deployment: ServicesApart,
  name: string,
  timeoutMs = 120_000,
  nodeArgs: string[] = [],
): Promise<ServiceProcess> {
  return ServiceProcess.start(name, serviceEnv(deployment, name), timeoutMs, nodeArgs);
}

/** A demo user's access token from the demo issuer at `issuer` (every demo user's password is `demo-<username>`). */
export async function demoToken(issuer: string, username: string): Promise<string> {
  const response = await fetch(`${issuer}/oidc/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: `demo-${username}` }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

/** Demo users' tokens, fetched one after another, by username. */
export async function demoTokens(issuer: string, usernames: readonly string[]): Promise<Record<string, string>> {
  const tokens: Record<string, string> = {};
  for (const username of usernames) tokens[username] = await demoToken(issuer, username);
  return tokens;
}

/**
 * The API as demo users call it, each call sent to the address `baseUrlOf(path)` gives (one process, or the one of
 * several that owns the path, as a gateway would route it), with the user's token from `tokens`; a body that is not
 * JSON reads as undefined.
 */
export function apiOver(baseUrlOf: (path: string) => string, tokens: Record<string, string>): Api {
  return async (method, path, body, user = 'terhi', headers = {}) => {
    const response = await fetch(`${baseUrlOf(path)}${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens[user]}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json().catch(() => undefined) };
  };
}
