import type { OpenAPIObject } from '@nestjs/swagger';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEPLOYABLES, currentlyWritten, openApiDocuments, writtenTextOf } from './openapi-documents';

const ROOT = resolve(__dirname, '../..');
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: Array<{ pointer?: string }>;
}
interface LintReport {
  totals: { errors: number; warnings: number };
  problems: LintProblem[];
}

/** Redocly's lint (`redocly.yaml`: the recommended rules) of one document: its report, one JSON object. */
function redoclyLint(file: string): LintReport {
  let output: string;
  try {
    output = execFileSync(process.execPath, [join(ROOT, 'node_modules/@redocly/cli/bin/cli.js'), 'lint', file, '--format=json'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    // Exit 1 when it found errors: the report is on stdout all the same.
    output = String((error as { stdout?: string }).stdout ?? '');
  }
  return JSON.parse(output) as LintReport;
}

const operationsOf = (document: OpenAPIObject) =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => (item[method] ? [{ path, method, operation: item[method] }] : [])),
  );

describe('the OpenAPI documents (docs/api/*.openapi.json)', () => {
  let documents: Map<string, OpenAPIObject>;
  const folder = mkdtempSync(join(tmpdir(), 'perheverkko-openapi-lint-'));

  beforeAll(async () => {
    documents = await openApiDocuments();
  }, 180_000);

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it.each(DEPLOYABLES.map(({ name }) => name))(
    '%s: Redocly lint with the recommended rules finds no error',
    (name) => {
      const file = join(folder, `${name}.openapi.json`);
      writeFileSync(file, JSON.stringify(documents.get(name)));
      const report = redoclyLint(file);
      const errors = report.problems
        .filter((problem) => problem.severity === 'error')
        .map((problem) => `${problem.ruleId} at ${problem.location[0]?.pointer ?? '?'}: ${problem.message}`);
      expect(errors).toEqual([]);
    },
    60_000,
  );

  it.each(DEPLOYABLES.map(({ name }) => name))(
    '%s: its written document in docs/api is up to date (npm run openapi:write)',
    async (name) => {
      const written = currentlyWritten(name);
      const current = await writtenTextOf(name, documents.get(name)!);
      if (written !== current) {
        throw new Error(`docs/api/${name}.openapi.json is stale or missing: run \`npm run openapi:write\` and commit the result`);
      }
    },
  );

  it('names every operation of the embedded default once, camelCase, with a summary, tags and an answer for each status', () => {
    const operations = operationsOf(documents.get('standalone')!);
    expect(operations.length).toBeGreaterThan(70);
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, operation } of operations) {
      const where = `${method.toUpperCase()} ${path}`;
      expect({ where, id: operation.operationId }).toEqual({ where, id: expect.stringMatching(/^[a-z][A-Za-z0-9]*$/) });
      expect({ where, summary: operation.summary }).toEqual({ where, summary: expect.any(String) });
      expect({ where, tags: operation.tags?.length }).toEqual({ where, tags: 1 });
      const statuses = Object.keys(operation.responses);
      expect({ where, answers: statuses.some((status) => /^2/.test(status)) }).toEqual({ where, answers: true });
      expect({ where, rateLimited: statuses.includes('429') }).toEqual({ where, rateLimited: true });
    }
  });

  it.each(DEPLOYABLES.map(({ name }) => name))(
    '%s: declares the statuses the framework answers before any controller: 413 and 415 with a body, 500 and 503 everywhere',
    (name) => {
      const missing: string[] = [];
      for (const { path, method, operation } of operationsOf(documents.get(name)!)) {
        const expected = [...(operation.requestBody ? ['413', '415'] : []), '500', '503'];
        const absent = expected.filter((status) => !operation.responses[status]);
        if (absent.length) missing.push(`${method.toUpperCase()} ${path}: ${absent.join(', ')}`);
      }
      expect(missing).toEqual([]);
    },
  );

  it('declares the bearer token everywhere but on the public operations', () => {
    const document = documents.get('standalone')!;
    expect(document.security).toEqual([{ bearer: [] }]);
    const open = operationsOf(document)
      .filter(({ operation }) => operation.security?.length === 0)
      .map(({ method, path }) => `${method.toUpperCase()} ${path}`)
      .sort();
    expect(open).toEqual(
      [
        'GET /.well-known/openid-configuration',
        'GET /health',
        'GET /health/live',
        'GET /health/ready',
        'GET /oidc/jwks',
        'POST /oidc/token',
      ].sort(),
    );
    for (const { path, method, operation } of operationsOf(document)) {
      if (operation.security?.length !== 0)
        expect({ path, method, unauthenticated: !!operation.responses['401'] }).toMatchObject({ unauthenticated: true });
    }
  });
});
