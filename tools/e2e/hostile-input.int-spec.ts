import fc from 'fast-check';
import { Client } from 'pg';
import { DatabaseConnection } from '@perheverkko/platform';
import { concern, startServiceChain } from './standalone-chain';

/**
 * Every endpoint the API publishes (read from its own OpenAPI document, so a new endpoint is covered without
 * touching this file) gets property-generated hostile requests: shapes of its own body with wrong, huge or
 * strange values, random JSON, broken JSON, deep nesting, strange path segments, queries and headers, as every
 * kind of user and as nobody. None may get a 5xx, none may store an event, and the service must keep serving.
 */

interface Operation {
  method: string;
  path: string;
  pathParams: string[];
  query: string[];
  headers: string[];
  bodyProperties: string[] | null;
}

interface HostileRequest {
  path: string;
  query: string;
  headers: Record<string, string>;
  body: string | undefined;
}

const EVENT_SCHEMAS = ['intake', 'convening', 'meeting', 'plan_followup', 'reporting'];
const RUNS_PER_OPERATION = Number(process.env.HOSTILE_RUNS ?? 20);

function operationsOf(openApi: {
  paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string }>; requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> } }>>;
  components?: { schemas?: Record<string, { properties?: Record<string, unknown> }> };
}): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(openApi.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const parameters = operation.parameters ?? [];
      const ref = operation.requestBody?.content?.['application/json']?.schema?.$ref;
      const schema = ref ? openApi.components?.schemas?.[ref.split('/').pop() ?? ''] : undefined;
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: parameters.filter((p) => p.in === 'query').map((p) => p.name),
        headers: parameters.filter((p) => p.in === 'header').map((p) => p.name),
        bodyProperties: ref ? Object.keys(schema?.properties ?? {}) : null,
      });
    }
  }
  return operations;
}

const strangeStrings = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  '\uFFFF\uD800',
  '../../etc/passwd',
  "'; drop table intake.events; --",
  '<script>alert(1)</script>',
  '9'.repeat(400),
  '2026-02-30T25:61:00Z',
  'NaN',
  '-1',
  '1e309',
  '__proto__',
  'constructor',
  '{"$sealed":1,"iv":"x","ct":"y"}',
);
const hostileScalar = fc.oneof(
  fc.string({ maxLength: 40 }),
  strangeStrings,
  fc.string({ minLength: 3000, maxLength: 6000 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const { hostileValue } = fc.letrec<{ hostileValue: unknown }>((tie) => ({
  hostileValue: fc.oneof({ depthSize: 'small', withCrossShrink: true }, hostileScalar, fc.array(tie('hostileValue'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 12 }), tie('hostileValue'), { maxKeys: 4 })),
}));

/** A body: its own shape with hostile values, any JSON, JSON that does not parse, deep nesting, or too big. */
function hostileBody(properties: string[]): fc.Arbitrary<string | undefined> {
  const shaped = properties.length
    ? fc.record(Object.fromEntries(properties.map((p) => [p, hostileValue])), { requiredKeys: [] }).map((b) => JSON.stringify(b))
    : fc.constant('{}');
  return fc.oneof(
    { arbitrary: shaped, weight: 6 },
    { arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)), weight: 2 },
    { arbitrary: fc.string({ maxLength: 60 }).map((s) => `{"${s}`), weight: 1 },
    { arbitrary: fc.integer({ min: 500, max: 3000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`), weight: 1 },
    { arbitrary: fc.constant(JSON.stringify({ description: 'x'.repeat(300 * 1024) })), weight: 1 },
    { arbitrary: fc.constant(undefined), weight: 1 },
  );
}

/** Percent-encodes anything, lone surrogates included (they become U+FFFD, as a browser would send them). */
const segment = (s: string) => encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, '\uFFFD'));

function hostileSegment(knownIds: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.uuid(),
    fc.constantFrom(...knownIds),
    fc.string({ minLength: 1, maxLength: 300 }).map(segment),
    strangeStrings.filter((s) => s.length > 0).map(segment),
    fc.constantFrom('%', '%zz', '%E0%A4%A', '..', 'annual-report'),
  );
}

function hostileRequest(operation: Operation, knownIds: string[], users: string[]): fc.Arbitrary<HostileRequest & { user: string }> {
  const segments = fc.tuple(...operation.pathParams.map(() => hostileSegment(knownIds)));
  const queryValues = fc.dictionary(fc.constantFrom(...operation.query, 'x', '__proto__'), fc.oneof(fc.string({ maxLength: 50 }), strangeStrings), { maxKeys: 3 });
  const headerValues = fc.dictionary(fc.constantFrom(...operation.headers, 'if-match', 'x-purpose'), fc.string({ maxLength: 80 }).map((s) => s.replace(/[^\x20-\x7e]/g, '?')), { maxKeys: 3 });
  return fc.record({
    segments: operation.pathParams.length ? segments : fc.constant([] as string[]),
    query: queryValues,
    headers: headerValues,
    body: operation.method === 'GET' ? fc.constant(undefined) : hostileBody(operation.bodyProperties ?? []),
    user: fc.constantFrom(...users, 'nobody', 'forged'),
  }).map(({ segments, query, headers, body, user }) => {
    let path = operation.path;
    operation.pathParams.forEach((name, i) => (path = path.replace(`{${name}}`, segments[i])));
    const search = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
    return { path, query: search ? `?${search}` : '', headers, body, user };
  });
}

describe('hostile input on every endpoint', () => {
  const saved = { ...process.env };
  let env: Awaited<ReturnType<typeof startServiceChain>>;
  let database: Client;
  let operations: Operation[];
  let knownIds: string[];

  const eventCounts = async () => {
    const counts: Record<string, number> = {};
    for (const schema of EVENT_SCHEMAS) counts[schema] = Number((await database.query(`select count(*) as n from "${schema}".events`)).rows[0].n);
    return counts;
  };

  /** The counts once the reactions and reporting's archive have settled (unchanged for a second). */
  const settledEventCounts = async () => {
    let last = JSON.stringify(await eventCounts());
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const now = JSON.stringify(await eventCounts());
      if (now === last) return JSON.parse(now) as Record<string, number>;
      last = now;
    }
  };

  const send = async (request: HostileRequest & { user: string }, method: string) => {
    const authorization: Record<string, string> = request.user === 'nobody' ? {} : { authorization: `Bearer ${request.user === 'forged' ? `${env.tokens.terhi.slice(0, -6)}AAAAAA` : env.tokens[request.user]}` };
    const response = await fetch(`${env.base}${request.path}${request.query}`, {
      method,
      headers: { 'content-type': 'application/json', ...request.headers, ...authorization },
      body: request.body,
    });
    const text = await response.text();
    return { status: response.status, text };
  };

  beforeAll(async () => {
    delete process.env.KAFKA_BROKERS;
    env = await startServiceChain({ DATABASE_URL: undefined, RATE_LIMIT_PER_MINUTE: '1000000' }, { withReporting: true });
    database = new Client({ connectionString: env.app.get(DatabaseConnection).connectionString });
    await database.connect();
    const routed = await env.routedCase();
    knownIds = [routed];
    operations = operationsOf((await (await fetch(`${env.base}/openapi.json`)).json()) as Parameters<typeof operationsOf>[0]);
  }, 120_000);

  afterAll(async () => {
    await database?.end();
    await env?.close();
    process.env = { ...saved };
  });

  it('should answer every generated request with a 4xx or a success that stores nothing, and keep serving', async () => {
    expect(operations.length).toBeGreaterThan(50);
    const before = await settledEventCounts();
    const serverErrors: string[] = [];
    const commandSuccesses: string[] = [];
    // POSTs that only compute or read: a 2xx from them stores no event.
    const notCommands = /^\/(routing\/recommendation|oidc\/token|audit\/access-log\/verify|projections\/)/;
    let sent = 0;
    for (const operation of operations) {
      await fc.assert(
        fc.asyncProperty(hostileRequest(operation, knownIds, Object.keys(env.tokens)), async (request) => {
          const { status, text } = await send(request, operation.method);
          sent++;
          if (status >= 500) serverErrors.push(`${operation.method} ${request.path}${request.query} (${request.body?.slice(0, 120)}) → ${status} ${text.slice(0, 200)}`);
          if (operation.method === 'POST' && status < 300 && !notCommands.test(request.path)) commandSuccesses.push(`${request.path} ${request.body?.slice(0, 200)}`);
          if (status >= 400 && status < 500 && status !== 404 && text) expect(JSON.parse(text)).toHaveProperty('message');
          return true;
        }),
        { numRuns: RUNS_PER_OPERATION, seed: Number(process.env.HOSTILE_SEED ?? 20261123), endOnFailure: true },
      );
    }

    expect(serverErrors.slice(0, 5)).toEqual([]);
    expect(commandSuccesses.slice(0, 5)).toEqual([]);
    expect(await settledEventCounts()).toEqual(before);
    expect(sent).toBe(operations.length * RUNS_PER_OPERATION);
    // Still serving: the probe is ready and a well-formed command goes through.
    expect((await fetch(`${env.base}/health/ready`)).status).toBe(200);
    expect((await env.call('POST', '/concerns', concern, 'terhi', { 'idempotency-key': crypto.randomUUID() })).status).toBe(201);
  }, 600_000);
});
