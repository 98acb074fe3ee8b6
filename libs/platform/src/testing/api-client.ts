import type { INestApplication } from '@nestjs/common';
import { DEMO_USERS } from '@perheverkko/access';
import { configureHttp } from '@perheverkko/http';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- specs check response bodies field by field
export type ResponseBody = Record<string, any>;

/**
 * Serves a Nest application on a free loopback port with the production HTTP conventions, fetches a token for
 * every demo user from its demo issuer, and calls it as one of them.
 */
export async function serveWithDemoUsers(app: INestApplication) {
  configureHttp(app, { title: 'spec', description: 'spec' });
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const tokens: Record<string, string> = {};
  for (const user of DEMO_USERS) {
    const response = await fetch(`${base}/oidc/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user.username, password: user.password }),
    });
    tokens[user.username] = ((await response.json()) as { access_token: string }).access_token;
  }
  const call = async (method: string, path: string, body?: unknown, user = 'terhi', headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens[user]}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json().catch(() => undefined)) as ResponseBody, headers: response.headers };
  };
  return { base, tokens, call };
}
