import fc from 'fast-check';
import { Logger } from '@nestjs/common';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { Client } from 'pg';
import { DatabaseConnection } from '@perheverkko/runtime';
import { scriptFamilies, walkFamily } from './family-journey';
import { concern, facts, startServiceChain } from './standalone-chain';

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
  paths: Record<
    string,
    Record<
      string,
      { parameters?: Array<{ in: string; name: string }>; requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> } }
    >
  >;
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
  hostileValue: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileScalar,
    fc.array(tie('hostileValue'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 12 }), tie('hostileValue'), { maxKeys: 4 }),
  ),
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
  const queryValues = fc.dictionary(
    fc.constantFrom(...operation.query, 'x', '__proto__'),
    fc.oneof(fc.string({ maxLength: 50 }), strangeStrings),
    { maxKeys: 3 },
  );
  const headerValues = fc.dictionary(
    fc.constantFrom(...operation.headers, 'if-match', 'x-purpose'),
    fc.string({ maxLength: 80 }).map((s) => s.replace(/[^\x20-\x7e]/g, '?')),
    { maxKeys: 3 },
  );
  return fc
    .record({
      segments: operation.pathParams.length ? segments : fc.constant([] as string[]),
      query: queryValues,
      headers: headerValues,
      body: operation.method === 'GET' ? fc.constant(undefined) : hostileBody(operation.bodyProperties ?? []),
      user: fc.constantFrom(...users, 'nobody', 'forged'),
    })
    .map(({ segments, query, headers, body, user }) => {
      let path = operation.path;
      operation.pathParams.forEach((name, i) => (path = path.replace(`{${name}}`, segments[i])));
      const search = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
      return { path, query: search ? `?${search}` : '', headers, body, user };
    });
}

/**
 * Sends a request and reads its answer. A connection closed under the request (ECONNRESET, EPIPE, "other side
 * closed") is no answer from the service: the server may close a kept-alive connection it has timed out just as the
 * client reuses it, or one whose body it refused before reading it all, and on a loaded machine either happens now and
 * then. Such a request is sent again, on a fresh connection, at most twice; a 5xx or a wrong answer is never retried.
 */
async function answerOf(url: string, init: RequestInit): Promise<{ status: number; text: string }> {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(url, init);
      return { status: response.status, text: await response.text() };
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const closed =
        ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'].includes(cause?.code ?? '') ||
        /other side closed|socket hang up/i.test(cause?.message ?? '');
      if (!closed || attempt === 3) throw error;
      process.stderr.write(
        `hostile input: the connection closed under ${init.method} ${url} (${cause?.code ?? cause?.message}); sent again\n`,
      );
    }
  }
}

describe('hostile input on every endpoint', () => {
  const saved = { ...process.env };
  let env: Awaited<ReturnType<typeof startServiceChain>>;
  let database: Client;
  let operations: Operation[];
  let knownIds: string[];

  const eventCounts = async () => {
    const counts: Record<string, number> = {};
    for (const schema of EVENT_SCHEMAS)
      counts[schema] = Number((await database.query(`select count(*) as n from "${schema}".events`)).rows[0].n);
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
    const authorization: Record<string, string> =
      request.user === 'nobody'
        ? {}
        : { authorization: `Bearer ${request.user === 'forged' ? `${env.tokens.terhi.slice(0, -6)}AAAAAA` : env.tokens[request.user]}` };
    return answerOf(`${env.base}${request.path}${request.query}`, {
      method,
      headers: { 'content-type': 'application/json', ...request.headers, ...authorization },
      body: request.body,
    });
  };

  beforeAll(async () => {
    delete process.env.KAFKA_BROKERS;
    env = await startServiceChain({ DATABASE_URL: undefined, RATE_LIMIT_PER_MINUTE: '1000000' }, { withReporting: true });
    database = new Client({ connectionString: env.app.get(DatabaseConnection).connectionString });
    await database.connect();
    const routed = await env.routedCase();
    knownIds = [routed];
    operations = operationsOf((await (await fetch(`${env.base}/openapi.json`)).json()) as Parameters<typeof operationsOf>[0]);
  }, 240_000);

  afterAll(async () => {
    await database?.end();
    await env?.close();
    process.env = { ...saved };
  }, 60_000);

  /** A request whose body is sent exactly as written (JSON.stringify would drop a `__proto__` key). */
  const raw = async (method: string, path: string, body: string | undefined, user = 'terhi') => {
    const { status, text } = await answerOf(`${env.base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${env.tokens[user]}`, 'idempotency-key': crypto.randomUUID() },
      body,
    });
    return { status, body: text ? JSON.parse(text) : undefined };
  };
  const withKey = (json: object, key: string, inner = '{"isAdmin":true}') => JSON.stringify(json).replace(/^\{/, `{"${key}":${inner},`);

  it('should refuse NUL bytes, lone surrogates, prototype keys and arrays or objects where strings are expected with a 400 naming the field, storing nothing', async () => {
    const before = await settledEventCounts();
    const caseId = knownIds[0];
    const child = concern.children[0];
    const cases: Array<[string, string, string, string | undefined, string]> = [
      // [what, method, path, body, the field the 400 must name]
      ['NUL in a string', 'POST', '/concerns', JSON.stringify({ ...concern, description: 'tired\u0000every morning' }), 'description'],
      [
        'NUL in a nested string',
        'POST',
        '/concerns',
        JSON.stringify({ ...concern, children: [{ ...child, name: 'Aa\u0000da' }] }),
        'children.0.name',
      ],
      [
        'NUL in a string list',
        'POST',
        `/concerns/${caseId}/raisings`,
        JSON.stringify({ raisedAt: '2031-01-01T10:00:00Z', present: ['Mari', '\u0000'], familyResponse: 'ok', nextStep: 'meet' }),
        'present.1',
      ],
      ['NUL in a query', 'GET', '/reports/annual?organizer=%00', undefined, 'organizer'],
      [
        'NUL in a path segment',
        'POST',
        '/municipalities/Kuo%00pio/adoption-stage',
        JSON.stringify({ region: 'Pohjois-Savo', stage: 2 }),
        'municipality',
      ],
      ['__proto__ at the top', 'POST', '/concerns', withKey(concern, '__proto__'), '__proto__'],
      ['constructor at the top', 'POST', '/concerns', withKey(concern, 'constructor', '{"prototype":{"isAdmin":true}}'), 'constructor'],
      ['prototype at the top', 'POST', '/concerns', withKey(concern, 'prototype'), 'prototype'],
      [
        '__proto__ in a nested object',
        'POST',
        '/concerns',
        JSON.stringify({ ...concern, children: 'X' }).replace('"X"', `[${withKey(child, '__proto__')}]`),
        'children.0.__proto__',
      ],
      [
        'constructor in a nested object',
        'POST',
        `/concerns/${caseId}/route-decision`,
        JSON.stringify({ facts: 'X', chosenRoute: 'joint-meeting' }).replace('"X"', withKey(facts, 'constructor')),
        'facts.constructor',
      ],
      [
        'prototype in the adoption body',
        'POST',
        '/municipalities/Kuopio/adoption-stage',
        withKey({ region: 'Pohjois-Savo', stage: 2 }, 'prototype'),
        'prototype',
      ],
      [
        'an array for a string',
        'POST',
        '/concerns',
        JSON.stringify({ ...concern, description: ['tired', 'every morning'] }),
        'description',
      ],
      ['an object for a string', 'POST', '/concerns', JSON.stringify({ ...concern, municipality: { name: 'Kangasala' } }), 'municipality'],
      [
        'nested arrays for a string',
        'POST',
        '/concerns',
        JSON.stringify({ ...concern, guardians: [{ name: [['Mari']], identifier: concern.guardians[0].identifier }] }),
        'guardians.0.name',
      ],
      [
        'an array for an identifier',
        'POST',
        '/concerns',
        JSON.stringify({ ...concern, children: [{ ...child, identifier: [child.identifier] }] }),
        'children.0.identifier',
      ],
      ['a list nested where objects are declared', 'POST', '/concerns', JSON.stringify({ ...concern, children: [[child]] }), 'children.0'],
      [
        'a list where one object is declared',
        'POST',
        `/concerns/${caseId}/route-decision`,
        JSON.stringify({ facts: [facts], chosenRoute: 'joint-meeting' }),
        'facts',
      ],
      ['an array for a string in a query', 'GET', '/reports/annual?organizer=a&organizer=b', undefined, 'organizer'],
      ['an array for a named query string', 'GET', '/directory?sector=school&sector=school', undefined, 'sector'],
      ['NUL in a named query string', 'GET', '/directory?sector=sch%00ool', undefined, 'sector'],
      // JSON may escape half of a surrogate pair; PostgreSQL's json then refused the whole statement (a 500).
      ['a lone low surrogate', 'POST', '/concerns', JSON.stringify({ ...concern, sector: 'child \udc00 clinic' }), 'sector'],
      [
        'a lone high surrogate in a catalogue entry',
        'PUT',
        '/reference-data/rooms/surrogate-room',
        JSON.stringify({ name: 'Room \ud800', organiser: 'kangasala-child-health-clinic' }),
        'name',
      ],
      [
        'a lone surrogate in a nested string',
        'POST',
        '/concerns',
        JSON.stringify({ ...concern, children: [{ ...child, name: 'Aa\udfffda' }] }),
        'children.0.name',
      ],
      ['a lone surrogate in a key', 'POST', '/concerns', withKey(concern, '\\ud800'), '\ud800'],
    ];
    const answers: string[] = [];
    for (const [what, method, path, body, field] of cases) {
      const user = /^\/(reports|municipalities|reference-data)/.test(path) ? 'kaisa' : 'terhi';
      const { status, body: problem } = await raw(method, path, body, user);
      const fields = (problem?.violations ?? []).map((v: { field: string }) => v.field);
      answers.push(`${what}: ${status} ${status === 400 && fields.includes(field) ? 'names it' : `${JSON.stringify(problem)}`}`);
    }
    expect(answers).toEqual(cases.map(([what]) => `${what}: 400 names it`));
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(await settledEventCounts()).toEqual(before);
  }, 120_000);

  it('should answer a body its Content-Encoding does not describe with 400, an unknown encoding with 415, and log no error', async () => {
    const errors = jest.spyOn(Logger.prototype, 'error');
    const token = (body: Buffer | string, encoding: string, type = 'application/json') =>
      answerOf(`${env.base}/oidc/token`, { method: 'POST', headers: { 'content-type': type, 'content-encoding': encoding }, body });
    const json = JSON.stringify({ username: 'terhi', password: 'demo-terhi' });
    const answers: string[] = [];
    for (const encoding of ['gzip', 'deflate', 'br', 'x-unknown']) {
      const { status, text } = await token('{}', encoding);
      answers.push(`${encoding}: ${status} ${JSON.parse(text).type}`);
    }
    answers.push(`a truncated gzip: ${(await token(gzipSync(json).subarray(0, 12), 'gzip')).status}`);
    answers.push(`a gzip body as it says: ${(await token(gzipSync(json), 'gzip')).status}`);
    answers.push(`a brotli body as it says: ${(await token(brotliCompressSync(json), 'br')).status}`);
    expect(answers).toEqual([
      'gzip: 400 urn:perheverkko:problem:invalid-request',
      'deflate: 400 urn:perheverkko:problem:invalid-request',
      'br: 400 urn:perheverkko:problem:invalid-request',
      'x-unknown: 415 urn:perheverkko:problem:unsupported-media-type',
      'a truncated gzip: 400',
      'a gzip body as it says: 200',
      'a brotli body as it says: 200',
    ]);
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });

  it('should read the bearer scheme in any case, and a JSON body in any +json media type', async () => {
    const worklist = (scheme: string) =>
      answerOf(`${env.base}/worklist`, { headers: { authorization: `${scheme} ${env.tokens.terhi}` } }).then((a) => a.status);
    expect([await worklist('Bearer'), await worklist('bearer'), await worklist('BEARER'), await worklist('Basic')]).toEqual([
      200, 200, 200, 401,
    ]);
    const recommended = (type: string) =>
      answerOf(`${env.base}/routing/recommendation`, {
        method: 'POST',
        headers: { 'content-type': type, authorization: `Bearer ${env.tokens.terhi}` },
        body: JSON.stringify(facts),
      }).then((a) => `${type}: ${a.status}`);
    const types = ['application/json', 'application/problem+json', 'application/vnd.perheverkko+json; charset=utf-8'];
    expect(await Promise.all(types.map(recommended))).toEqual(types.map((type) => `${type}: 200`));
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
          if (status >= 500)
            serverErrors.push(
              `${operation.method} ${request.path}${request.query} (${request.body?.slice(0, 120)}) → ${status} ${text.slice(0, 200)}`,
            );
          if (operation.method === 'POST' && status < 300 && !notCommands.test(request.path))
            commandSuccesses.push(`${request.path} ${request.body?.slice(0, 200)}`);
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
  it('should neutralise names typed in through the API in every CSV export: a cell starting with =, +, -, @, TAB or CR gets a leading quote', async () => {
    const STARTERS = ['=', '+', '-', '@', '\t', '\r'];
    /** A cell as CSV writes it: quoted when it holds a quote, a comma or a line break. */
    const cell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
    const csv = async (path: string) =>
      (await fetch(`${env.base}${path}`, { headers: { authorization: `Bearer ${env.tokens.kaisa}`, accept: 'text/csv' } })).text();

    // Regions keep their first character: one region per starter, each in a municipality of its own (municipalities are
    // reference data: the six southernmost of South Savo, which no other test here names).
    const regions = ['Enonkoski', 'Hirvensalmi', 'Juva', 'Kangasniemi', 'Puumala', 'Rantasalmi'].map((name, i) => [
      name,
      `${STARTERS[i]}HYPERLINK("evil.example?r${i}","x")`,
    ]);
    for (const [municipality, region] of regions)
      expect(
        (await env.call('POST', `/municipalities/${encodeURIComponent(municipality)}/adoption-stage`, { region, stage: 2 }, 'kaisa'))
          .status,
      ).toBe(201);

    // A municipality can no longer be a formula: it is one of the classification or a 400 (ADR 0014).
    const formula = await env.call(
      'POST',
      `/municipalities/${encodeURIComponent('=HYPERLINK("evil.example?m","m")')}/adoption-stage`,
      { region: 'x', stage: 3 },
      'kaisa',
    );
    expect([formula.status, formula.body.violations?.[0]?.field]).toEqual([400, 'municipality']);
    // A family met by an organizer whose name is a formula (a coordinator records organisers' names through the
    // reference-data API), in a region whose name is one too.
    const municipality = 'Sulkava';
    const organizer = '+HYPERLINK("evil.example?o","o")';
    const region = '@SUM(1+1)*cmd|"/C calc"!A0';
    expect(
      (await env.call('PUT', '/reference-data/organisers/formula-organiser', { name: organizer, municipality: '768' }, 'pekka')).status,
    ).toBe(201);
    expect(
      (await env.call('POST', `/municipalities/${encodeURIComponent(municipality)}/adoption-stage`, { region, stage: 3 }, 'kaisa')).status,
    ).toBe(201);
    const [family] = scriptFamilies(1, [municipality], organizer, 7);
    await walkFamily(env.call, { ...family, route: 'joint-meeting', withdrawsConsent: false, followUps: 0 });

    const annual = await env.until(
      () => csv('/reports/annual?format=csv'),
      (text) => text.includes('evil.example?r5') && text.includes(`${municipality}/meetings`),
      'the adoption stages in the annual report',
    );
    for (const [name, r] of regions) {
      expect(annual).toContain(`\nmunicipalities,${cell(`'${r}/${name}/meetings`)},0\n`);
      expect(annual).not.toContain(`,${cell(`${r}/${name}/meetings`)},`);
    }
    const records = await env.until(
      () => csv('/reports/records?format=csv'),
      (text) => text.includes('evil.example?o'),
      'the meeting record in the export',
    );
    const row = records.split('\n').find((line) => line.includes('evil.example?o')) as string;
    expect(row).toContain(`,${cell(`'${organizer}`)},${municipality},${cell(`'${region}`)},first,`);
    // Numbers stay numbers: the counts in the annual export carry no quote.
    expect(annual).toMatch(/\nintake,concerns,\d+\n/);
  }, 180_000);
});
