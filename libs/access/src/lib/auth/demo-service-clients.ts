import { createHash, timingSafeEqual } from 'node:crypto';
import type { AuthenticatedUser } from '@perheverkko/http';
import { DEMO_USERS } from './demo-users';

/** The setting that registers the demo issuer's confidential clients (the CLI, scripts, Kubernetes Jobs). */
export const DEMO_SERVICE_CLIENTS = 'DEMO_SERVICE_CLIENTS';

/** A confidential client of the demo issuer: it signs in with its secret (client credentials), as a demo user's roles. */
export interface DemoServiceClient {
  clientId: string;
  /** The demo user whose roles, organisation and coordinated organisations the client's tokens carry. */
  actsAs: string;
  /** Who the tokens name: the client itself (its id is the subject, so the access log shows the client). */
  user: AuthenticatedUser;
  secretDigest: Buffer;
}

const CLIENT_ID = /^[a-z0-9][a-z0-9._-]{2,63}$/;
const MIN_SECRET_LENGTH = 16;

const digest = (secret: string) => createHash('sha256').update(secret, 'utf8').digest();

/**
 * `DEMO_SERVICE_CLIENTS="perheverkko-cli:pekka:<secret>,perheverkko-cli-auditor:aino:<secret>"`: each entry a
 * client id, the demo user whose roles it gets and its secret (16+ characters, no comma). Throws naming the setting
 * and the entry (never the secret) when an entry is wrong, so a mistyped setting stops the process at start-up.
 */
export function demoServiceClientsFrom(setting: string | undefined): DemoServiceClient[] {
  if (!setting || setting.trim() === '') return [];
  const clients: DemoServiceClient[] = [];
  setting.split(',').forEach((entry, index) => {
    const [clientId = '', actsAs = '', ...rest] = entry.trim().split(':');
    const secret = rest.join(':');
    const where = `${DEMO_SERVICE_CLIENTS}: entry ${index + 1}`;
    if (!CLIENT_ID.test(clientId))
      throw new Error(`${where}: client id must be 3–64 of a-z, 0-9, '.', '_', '-' (form client-id:demo-user:secret)`);
    const user = DEMO_USERS.find((candidate) => candidate.username === actsAs);
    if (!user) throw new Error(`${where} (${clientId}): no demo user "${actsAs}"; one of ${DEMO_USERS.map((u) => u.username).join(', ')}`);
    if (secret.length < MIN_SECRET_LENGTH)
      throw new Error(`${where} (${clientId}): the secret must be at least ${MIN_SECRET_LENGTH} characters`);
    if (clients.some((client) => client.clientId === clientId)) throw new Error(`${where}: client ${clientId} is listed twice`);
    const { username: _username, password: _password, ...roles } = user;
    clients.push({
      clientId,
      actsAs,
      user: { ...roles, id: clientId, name: `${clientId} (service client, roles of ${actsAs})` },
      secretDigest: digest(secret),
    });
  });
  return clients;
}

/** The client whose id and secret these are; secrets compared in constant time (of equal-length digests). */
export function authenticateClient(clients: readonly DemoServiceClient[], clientId: string, secret: string): DemoServiceClient | undefined {
  const client = clients.find((candidate) => candidate.clientId === clientId);
  const given = digest(secret);
  return client && timingSafeEqual(client.secretDigest, given) ? client : undefined;
}

/**
 * The client's credentials from a token request (RFC 6749 §2.3.1): HTTP Basic (`client_secret_basic`, each part
 * form-url-encoded) or the body's `client_id`/`client_secret` (`client_secret_post`), not both.
 */
export function clientCredentialsOf(
  authorization: string | undefined,
  body: Record<string, unknown>,
): { clientId: string; secret: string; method: 'basic' | 'post' } | { problem: string } | undefined {
  const inBody = body.client_secret !== undefined;
  if (authorization?.toLowerCase().startsWith('basic ')) {
    if (inBody) return { problem: 'send the client secret either in the Authorization header or in the body, not both' };
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 1) return { problem: 'the Authorization header must be Basic base64(client_id:client_secret)' };
    try {
      const clientId = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
      const secret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '));
      return { clientId, secret, method: 'basic' };
    } catch {
      return { problem: 'the Authorization header holds a malformed client id or secret' };
    }
  }
  if (!inBody) return undefined;
  const { client_id: clientId, client_secret: secret } = body;
  if (typeof clientId !== 'string' || typeof secret !== 'string' || clientId === '')
    return { problem: 'client_id and client_secret must be one value each' };
  return { clientId, secret, method: 'post' };
}
