/**
 * `npm run demo`: starts the embedded default on a fresh data folder, walks one family through the model over HTTP
 * (concern → routing → consent → joint meeting → plan → follow-up → outcome → feedback), then prints the family's
 * case history as an auditor reads it and the resulting annual report. `--url` uses a system already running.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ServiceProcess } from '@perheverkko/platform/testing';
import { walkFamily, type Api, type FamilyScript } from '../e2e/family-journey';
import { apiOver, demoTokens } from '../e2e/services-apart';

const FAMILY: FamilyScript = {
  municipality: 'Kangasala',
  channel: 'close-worker',
  children: 2,
  zone: 3,
  route: 'joint-meeting',
  withdrawsConsent: false,
  followUps: 1,
  organizer: 'Kangasala child health clinic',
  sectors: ['child health clinic', 'school'],
  familyGotHelp: 'yes',
  referredToAssessment: false,
  outcome: 'sufficient',
  referral: 'family-counselling',
  feedback: [5, 4],
};

const say = (text: string) => process.stdout.write(`${text}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { url: { type: 'string' } } });
  let app: ServiceProcess | undefined;
  let dataDir: string | undefined;
  let url = values.url?.replace(/\/$/, '');
  if (!url) {
    dataDir = mkdtempSync(join(tmpdir(), 'perheverkko-demo-'));
    say(`Starting Perheverkko (all five services, embedded database in ${dataDir}) …`);
    app = await ServiceProcess.start('standalone', { DATA_DIR: dataDir }, 120_000);
    url = app.baseUrl;
  }
  try {
    const tokens = await demoTokens(url, ['terhi', 'kaisa', 'aino']);
    const api: Api = apiOver(() => url, tokens);
    say('Kaisa (coordinator) records that Kangasala has the model rooted in basic work (stage 5) …');
    await api('POST', '/municipalities/Kangasala/adoption-stage', { region: 'Pirkanmaa', stage: 5 }, 'kaisa');
    say('Terhi (public health nurse) raises a concern with the family; they want a joint meeting; the network meets twice …');
    const caseId = await walkFamily(api, FAMILY);
    say(`… the family's matter is case ${caseId}.\n`);

    let report: Record<string, unknown> | undefined;
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 300))) {
      report = (await api('GET', '/reports/annual', undefined, 'kaisa')).body;
      if ((report?.outcomes as { total: number } | undefined)?.total === 1 && (report?.feedback as { forms: number }).forms === 1) break;
    }
    const history = await fetch(`${url}/audit/cases/${caseId}/history?format=text`, {
      headers: { authorization: `Bearer ${tokens.aino}`, 'x-purpose': 'newcomer demo' },
    });
    say('── The case history across the services, as Aino (auditor) reads it ─────────────────────────────');
    say(await history.text());
    say('── The annual report (this year), as Kaisa (coordinator) sees it ─────────────────────────────────');
    const csv = await fetch(`${url}/reports/annual?format=csv`, { headers: { authorization: `Bearer ${tokens.kaisa}` } });
    const rows = (await csv.text())
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(','));
    for (const [section, category, value] of rows) say(`${section.padEnd(42)} ${category.padEnd(46)} ${value === '' ? '—' : value}`);
    say('\nAnalysts get the same report with counts under 5 suppressed: npm run report -- annual (with npm start running).');
  } finally {
    await app?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
