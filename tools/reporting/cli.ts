/**
 * The reporting API from a terminal, for analysts and auditors:
 *   npm run report -- annual  [--from 2026-01-01] [--to 2027-01-01] [--organizer …] [--municipality …] [--region …] [--county …] [--format json|csv]
 *   npm run report -- records [same filters] [--lang fi|sv|en]
 *   npm run audit  -- case <caseId> [--as-of 2026-03-01T12:00:00Z] [--format text|json] --purpose "why"
 * Against --url (default http://localhost:3000, i.e. `npm start`). The token comes from --token or PERHEVERKKO_TOKEN;
 * without one, the demo issuer is asked for --user's (analyst antti, coordinator kaisa for records, auditor aino by default).
 * Dates, months and years are Finnish time (--from 2027-01-01 starts at midnight in Helsinki, 22:00 UTC the day
 * before); analysts' periods are whole months (--from 2026-01-01, not 2026-01-15). --lang writes the records CSV's
 * dates and times for people in Finnish (default), Swedish or English; the audit text is English in Finnish time.
 */
import { parseArgs } from 'node:util';

const USAGE = `usage:
  report annual|records [--from DATE] [--to DATE] [--organizer NAME] [--municipality NAME] [--region NAME] [--county NAME] [--format json|csv] [--lang fi|sv|en]
  audit case <caseId> [--as-of TIME] [--format text|json] --purpose "why the history is read"
options: --url URL (default http://localhost:3000)  --token TOKEN | --user DEMO_USER`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function tokenFor(url: string, explicit: string | undefined, user: string): Promise<string> {
  if (explicit) return explicit;
  const response = await fetch(`${url}/oidc/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: user, password: `demo-${user}` }),
  });
  if (!response.ok) fail(`no token: pass --token (or PERHEVERKKO_TOKEN); the demo issuer answered ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      url: { type: 'string', default: process.env.PERHEVERKKO_URL ?? 'http://localhost:3000' },
      token: { type: 'string', default: process.env.PERHEVERKKO_TOKEN },
      user: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      organizer: { type: 'string' },
      municipality: { type: 'string' },
      region: { type: 'string' },
      county: { type: 'string' },
      format: { type: 'string' },
      lang: { type: 'string' },
      'as-of': { type: 'string' },
      purpose: { type: 'string' },
    },
  });
  const [area, what, caseId] = positionals;
  const url = (values.url ?? 'http://localhost:3000').replace(/\/$/, '');
  let path: string;
  let user: string;
  const headers: Record<string, string> = {};
  if (area === 'report' && (what === 'annual' || what === 'records')) {
    const query = new URLSearchParams();
    for (const key of ['from', 'to', 'organizer', 'municipality', 'region', 'county', 'format', 'lang'] as const) {
      const value = values[key];
      if (value) query.set(key, value);
    }
    path = `/reports/${what}?${query}`;
    // Per-meeting records are for coordinators (analysts get 403): ask as the demo coordinator by default.
    user = values.user ?? (what === 'records' ? 'kaisa' : 'antti');
  } else if (area === 'audit' && what === 'case' && caseId) {
    const purpose = values.purpose ?? fail('an auditor states why the history is read: --purpose "…" (it is logged)');
    const query = new URLSearchParams({ format: values.format ?? 'text' });
    if (values['as-of']) query.set('asOf', values['as-of']);
    path = `/audit/cases/${encodeURIComponent(caseId)}/history?${query}`;
    headers['x-purpose'] = purpose;
    user = values.user ?? 'aino';
  } else {
    fail(USAGE);
  }
  const token = await tokenFor(url, values.token, user);
  const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}`, ...headers } });
  const body = await response.text();
  if (!response.ok) fail(`${response.status}: ${body}`);
  const json = (response.headers.get('content-type') ?? '').includes('json');
  process.stdout.write(json ? `${JSON.stringify(JSON.parse(body), null, 2)}\n` : body);
}

main().catch((error: Error) => fail(error.message));
