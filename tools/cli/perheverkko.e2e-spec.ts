import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, ServiceProcess } from '@perheverkko/platform/testing';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'tools/cli/perheverkko.js');
const SECRET = `cli-secret-${randomUUID()}`;
/** The demo issuer's service clients, one per role the commands need. */
const CLIENTS = { administrator: 'perheverkko-cli', auditor: 'perheverkko-cli-auditor', analyst: 'perheverkko-cli-analyst' };

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The bin as a user runs it: its own process, from another directory, with only the environment given. */
function perheverkko(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: tmpdir(), env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

/** Each command and subcommand, with options its help must name. */
const COMMANDS: Array<[string, string[]]> = [
  ['', ['--url', '--token', '--client-id', '--client-secret', '--issuer', '--user', '--version', 'report', 'dead-letters']],
  ['report', ['annual', 'records']],
  ['report annual', ['--from', '--to', '--organizer', '--municipality', '--region', '--county', '--format', '--client-id']],
  ['report records', ['--from', '--organizer', '--format', '--lang']],
  ['audit', ['case', 'verify']],
  ['audit case', ['<caseId>', '--purpose', '--as-of', '--format']],
  ['audit verify', ['--local', '--format']],
  ['keys', ['rotate']],
  ['keys rotate', ['MASTER_KEYS', 'MASTER_KEY_ID']],
  ['projections', ['list', 'rebuild']],
  ['projections list', ['--format']],
  ['projections rebuild', ['<name>', '--no-wait', '--timeout', 'time left']],
  ['dead-letters', ['list', 'show', 'replays', 'replay', 'KAFKA_BROKERS', '/admin/dead-letters', 'kafka-replays']],
  ['dead-letters list', ['--topic', '--format']],
  ['dead-letters show', ['--topic', '--partition', '--offset', '--letter']],
  ['dead-letters replays', ['--topic', '--format']],
  [
    'dead-letters replay',
    ['--topic', '--partition', '--offset', '--letter', '--table', '--from', '--to', '--all', '--again', '--reason', '--dry-run', '403'],
  ],
];

describe('the perheverkko command', () => {
  describe('usage', () => {
    it.each(COMMANDS)('should explain "perheverkko %s --help" on stdout, exit 0, naming its options', async (command, named) => {
      const run = await perheverkko([...command.split(' ').filter(Boolean), '--help']);
      expect([run.code, run.stderr]).toEqual([0, '']);
      expect(run.stdout).toContain(`Usage: perheverkko ${command}`.trimEnd());
      for (const name of named) expect(run.stdout).toContain(name);
    });

    it("should take each report option the README's command table names for it", async () => {
      const row = readFileSync(join(ROOT, 'README.md'), 'utf8')
        .split('\n')
        .find((line) => line.startsWith('| `report annual`'))!;
      const [both, recordsOnly = ''] = row.split('`report records` also');
      const optionsIn = (text: string) => [...new Set(text.match(/--[a-z-]+/g) ?? [])];
      const help = async (kind: string) => (await perheverkko(['report', kind, '--help'])).stdout;
      const [annual, records] = [await help('annual'), await help('records')];
      const missing = [
        ...optionsIn(both).flatMap((option) =>
          [annual, records].flatMap((text, i) => (text.includes(option) ? [] : [`${['annual', 'records'][i]} ${option}`])),
        ),
        ...optionsIn(recordsOnly).flatMap((option) => (records.includes(option) ? [] : [`records ${option}`])),
      ];
      expect(missing).toEqual([]);
    });

    it("should print the package's version", async () => {
      const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
      expect(await perheverkko(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    });

    it.each([
      [['report', 'annual', '--bogus'], "unknown option '--bogus'", 'Usage: perheverkko report annual'],
      [['reports'], "unknown command 'reports'", 'Usage: perheverkko'],
      [['report', 'annual', '--format', 'xml'], "'xml' is invalid", 'Usage: perheverkko report annual'],
      [['audit', 'case', 'abc'], "required option '--purpose <why>' not specified", 'Usage: perheverkko audit case'],
      [['audit', 'case', '../x', '--purpose', 'a check'], 'caseId: "../x" is not a case id', '--help shows the usage'],
      [['report'], '', 'Usage: perheverkko report'],
      [['dead-letters', 'show'], '--letter: required without KAFKA_BROKERS', '--help shows the usage'],
      [['dead-letters', 'replay', '--letter', 'intake'], '--letter: "intake" is not a letter id', '--help shows the usage'],
      [['dead-letters', 'replay', '--topic', 'intake.events.v1'], 'say which letters', '--help shows the usage'],
      [['projections', 'rebuild', 'annual-report', '--interval', 'soon'], '--interval: milliseconds', '--help shows the usage'],
    ])('should refuse %j with the reason and the usage on stderr, exit 2', async (args, reason, usage) => {
      const run = await perheverkko(args);
      expect([run.code, run.stdout]).toEqual([2, '']);
      expect(run.stderr).toContain(reason);
      expect(run.stderr).toContain(usage);
    });
  });

  it('should say that nothing answers at a wrong --url, not that signing in failed: exit 1', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const run = await perheverkko(['projections', 'list', '--url', url]);
    expect([run.code, run.stdout]).toEqual([1, '']);
    expect(run.stderr).toContain(`cannot reach the API at ${url}; is the service running?`);
  });

  describe('against the embedded default, signed in with client credentials', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'perheverkko-cli-'));
    let service: ServiceProcess;
    const as = (role: keyof typeof CLIENTS, extra: Record<string, string> = {}) => ({
      PERHEVERKKO_URL: service.baseUrl,
      PERHEVERKKO_CLIENT_ID: CLIENTS[role],
      PERHEVERKKO_CLIENT_SECRET: SECRET,
      ...extra,
    });

    beforeAll(async () => {
      service = await ServiceProcess.start('standalone', {
        DATA_DIR: dataDir,
        DEMO_SERVICE_CLIENTS: Object.entries(CLIENTS)
          .map(([role, client]) => `${client}:${{ administrator: 'pekka', auditor: 'aino', analyst: 'antti' }[role]}:${SECRET}`)
          .join(','),
      });
    }, 120_000);
    afterAll(async () => {
      await service?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('should print the annual report as the analyst client, in JSON and as CSV', async () => {
      const json = await perheverkko(['report', 'annual', '--from', '2026-01-01', '--to', '2027-01-01'], as('analyst'));
      expect([json.code, json.stderr]).toEqual([0, '']);
      expect(JSON.parse(json.stdout)).toMatchObject({ jointMeetings: expect.anything() });
      const csv = await perheverkko(['report', 'annual', '--format', 'csv'], as('analyst'));
      expect(csv.code).toBe(0);
      expect(csv.stdout.split('\n')[0]).toMatch(/^section,category,value/);
    });

    it('should refuse a wrong secret (exit 1, invalid_client) and half-given credentials (exit 2), never printing the secret', async () => {
      const wrong = await perheverkko(['report', 'annual'], as('analyst', { PERHEVERKKO_CLIENT_SECRET: 'not-the-secret-at-all' }));
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toContain('sign-in as client perheverkko-cli-analyst refused');
      expect(wrong.stderr).toContain('401 invalid_client');
      expect(wrong.stderr).not.toContain('not-the-secret-at-all');
      const half = await perheverkko(['report', 'annual'], { PERHEVERKKO_URL: service.baseUrl, PERHEVERKKO_CLIENT_ID: CLIENTS.analyst });
      expect(half.code).toBe(2);
      expect(half.stderr).toContain('client credentials need both');
    });

    it("should refuse what the client's roles do not allow (the analyst's records: 403)", async () => {
      const refused = await perheverkko(['report', 'records'], as('analyst'));
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/GET \/reports\/records refused: 403/);
    });

    it("should print a case's history as the auditor client, the purpose logged", async () => {
      const token = (
        (await (
          await fetch(`${service.baseUrl}/oidc/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username: 'terhi', password: 'demo-terhi' }),
          })
        ).json()) as { access_token: string }
      ).access_token;
      const registered = await fetch(`${service.baseUrl}/concerns`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify({
          channel: 'close-worker',
          sector: 'school',
          municipality: 'Kuopio',
          children: [{ name: 'A', identifier: `TEMP-${randomUUID().slice(0, 8)}` }],
          guardians: [],
          description: 'x',
          zone: 3,
          ratedBy: 'worker',
        }),
      });
      expect(registered.status).toBe(201);
      const { caseId } = (await registered.json()) as { caseId: string };

      // Reporting archives the case's events as they are published: ask until they are there.
      let history: Run = { code: -1, stdout: '', stderr: '' };
      for (let tries = 0; tries < 20; tries++) {
        history = await perheverkko(['audit', 'case', caseId, '--purpose', 'CLI spec: complaint 2026/17'], as('auditor'));
        if (history.code === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect([history.code, history.stderr]).toEqual([0, '']);
      expect(history.stdout).toContain(caseId);
      expect(history.stdout).toContain('ConcernRegistered');

      const json = await perheverkko(['audit', 'case', caseId, '--purpose', 'CLI spec', '--format', 'json'], as('auditor'));
      expect(JSON.parse(json.stdout)).toMatchObject({ caseId });

      const verified = await perheverkko(['audit', 'verify'], as('auditor'));
      expect(verified.code).toBe(0);
      expect(verified.stdout).toMatch(/^access log intact: \d+ entries checked/);
    }, 60_000);

    it("should list the embedded default's dead letters as the administrator client, and refuse the auditor (403)", async () => {
      const listed = await perheverkko(['dead-letters', 'list'], as('administrator'));
      expect([listed.code, listed.stdout, listed.stderr]).toEqual([0, 'no dead letters\n', '']);
      const none = await perheverkko(['dead-letters', 'replay', '--topic', 'intake.events.v1', '--all'], as('administrator'));
      expect([none.code, none.stderr]).toEqual([1, expect.stringContaining('POST /admin/dead-letters/replay refused: 404')]);
      for (const args of [['list'], ['replay', '--letter', 'reporting:1']]) {
        const refused = await perheverkko(['dead-letters', ...args], as('auditor'));
        expect(refused.code).toBe(1);
        expect(refused.stderr).toMatch(/\/admin\/dead-letters\S* refused: 403/);
      }
    });

    it('should list the projections and rebuild one, reporting when it swapped in', async () => {
      const listed = await perheverkko(['projections', 'list'], as('administrator'));
      expect([listed.code, listed.stderr]).toEqual([0, '']);
      expect(listed.stdout.split('\n')[0]).toMatch(/^SERVICE\s+PROJECTION\s+STATE\s+EVENTS/);
      for (const name of ['annual-report', 'report-records', 'case-view', 'concern-overview', 'worklist'])
        expect(listed.stdout).toContain(name);
      const json = await perheverkko(['projections', 'list', '--format', 'json'], as('administrator'));
      expect(JSON.parse(json.stdout)).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'annual-report', state: 'live', progress: null })]),
      );

      const rebuilt = await perheverkko(['projections', 'rebuild', 'annual-report', '--interval', '100'], as('administrator'));
      expect(rebuilt.code).toBe(0);
      expect(rebuilt.stderr).toContain('rebuild of annual-report (reporting) started');
      expect(rebuilt.stdout).toMatch(/^rebuilt annual-report: \d+ events in [\d.]+ s/);

      const unknown = await perheverkko(['projections', 'rebuild', 'no-such-projection'], as('administrator'));
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('no projection named no-such-projection; there are concern-overview');
    }, 60_000);

    it('should let npm run report keep working, as the demo analyst when no credentials are given (announced)', async () => {
      const demo = await perheverkko(['report', 'annual'], { PERHEVERKKO_URL: service.baseUrl });
      expect(demo.code).toBe(0);
      expect(demo.stderr).toContain('(demo) signing in as demo user antti');
    });
  });
});
