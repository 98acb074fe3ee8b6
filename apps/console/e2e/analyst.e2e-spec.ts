import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { AADA_CONCERN, JOINT_MEETING_FACTS } from '@perheverkko/intake-domain/testing';
import {
  accessibilityViolations,
  browserAvailable,
  launchBrowser,
  openPage,
  screenshot,
  signIn,
  startEmbeddedDefault,
  SUITE_SETUP_MS,
} from './browser';

const describeInBrowser = browserAvailable() ? describe : describe.skip;

type Shown = number | null;
interface Report {
  intake: {
    concerns: Shown;
    zones: { counts: Record<string, Shown>; total: Shown };
    routes: { counts: Record<string, Shown>; total: Shown };
  };
}

const CONCERNS = 7;
const COUNTY = 'Pirkanmaan hyvinvointialue';

/** The analyst's dashboard against the embedded default: the charts' tables hold the report API's numbers, protected. */
describeInBrowser('console: analysts (Chromium against the embedded default)', () => {
  let embedded: Awaited<ReturnType<typeof startEmbeddedDefault>>;
  let browser: Browser;
  const tokens = new Map<string, string>();
  const year = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric' }).format(new Date());

  const tokenOf = async (username: string) => {
    if (!tokens.has(username)) {
      const response = await fetch(`${embedded.baseUrl}/oidc/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username, password: `demo-${username}` }),
      });
      tokens.set(username, ((await response.json()) as { access_token: string }).access_token);
    }
    return tokens.get(username) as string;
  };

  const api = async <T>(method: string, path: string, user: string, body?: unknown) => {
    const response = await fetch(`${embedded.baseUrl}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await tokenOf(user)}`, 'idempotency-key': randomUUID() },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json().catch(() => undefined)) as T };
  };

  /** The annual report as analyst antti reads it through the API (this year, as the dashboard opens). */
  const report = async (filters = '') => {
    const answer = await api<Report>('GET', `/reports/annual?from=${year}-01&to=${Number(year) + 1}-01${filters}`, 'antti');
    expect(answer.status).toBe(200);
    return answer.body;
  };

  beforeAll(async () => {
    embedded = await startEmbeddedDefault();
    browser = await launchBrowser();
    // Seven concerns in zone 3 (shown rounded to 5) and one routed to a joint meeting (one: suppressed).
    for (let i = 0; i < CONCERNS; i++) {
      const concern = {
        ...AADA_CONCERN,
        children: [{ name: `Lapsi ${i}`, identifier: `TEMP-${randomUUID().slice(0, 8)}` }],
        guardians: [],
      };
      const registered = await api<{ caseId: string }>('POST', '/concerns', 'terhi', concern);
      expect(registered.status).toBe(201);
      if (i === 0) {
        const routed = await api('POST', `/concerns/${registered.body.caseId}/route-decision`, 'terhi', {
          facts: JOINT_MEETING_FACTS,
          chosenRoute: 'joint-meeting',
        });
        expect(routed.status).toBeLessThan(300);
      }
    }
    // The report is a projection: it counts them a moment later.
    for (let i = 0; i < 100; i++) {
      const read = await report();
      if (read.intake.concerns !== null && read.intake.concerns > 0 && read.intake.routes.total === null) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }, SUITE_SETUP_MS);

  afterAll(async () => {
    await browser?.close();
    await embedded?.stop();
  });

  /** What a chart's table shows, by row: the number, or "suppressed". */
  const tableOf = async (page: Page, section: string) => {
    const table = page.locator(`table.chart-table[data-section="${section}"]`);
    await table.waitFor();
    const rows = await table
      .locator('tbody tr, tfoot tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [
          tr.getAttribute('data-key') ?? '',
          tr.querySelector('td')?.getAttribute('data-value') ?? '',
          tr.querySelector('td')?.textContent ?? '',
        ]),
      );
    return rows;
  };
  /**
   * A chart's table once it shows `wanted` (read again for up to 30 s: a filter redraws the tables as its figures
   * arrive), or as it last stood.
   */
  const tableShowing = async (page: Page, section: string, wanted: Record<string, string>) => {
    const canonical = (entries: string[][]) => JSON.stringify(entries.map(([key, value]) => [key, value]).sort());
    let rows = await tableOf(page, section);
    for (let i = 0; i < 60 && canonical(rows) !== canonical(Object.entries(wanted)); i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      rows = await tableOf(page, section);
    }
    return rows;
  };
  const expected = (part: { counts: Record<string, Shown>; total: Shown }) =>
    Object.fromEntries(
      [...Object.entries(part.counts), ['total', part.total]].map(([key, value]) => [key, value === null ? 'suppressed' : String(value)]),
    );

  it("should draw the report's numbers in the charts' tables, suppressed cells as suppressed, with filters and a CSV for Finnish Excel", async () => {
    const page = await openPage(browser);
    await signIn(page, embedded.baseUrl, 'antti', 'en');
    await page.getByRole('heading', { name: 'Annual report', level: 1 }).waitFor();
    expect(page.url()).toContain('#/reports/annual');

    const asked = await report();
    expect(asked.intake.zones.counts['3']).toBe(5);
    expect(asked.intake.routes.counts['joint-meeting']).toBeNull();
    const zones = await tableShowing(page, 'zones', expected(asked.intake.zones));
    expect(Object.fromEntries(zones.map(([key, value]) => [key, value]))).toEqual(expected(asked.intake.zones));
    const routes = await tableShowing(page, 'routes', expected(asked.intake.routes));
    expect(Object.fromEntries(routes.map(([key, value]) => [key, value]))).toEqual(expected(asked.intake.routes));
    // A suppressed cell reads as suppressed, never as 0.
    expect(routes.find(([key]) => key === 'joint-meeting')?.[2]).toBe('suppressed');
    // Each chart's table is named by the chart (its caption), for screen readers.
    await page.getByRole('table', { name: /Concerns by zone/ }).waitFor();
    await page.locator('table.chart-table[data-section="perMonth"] tbody tr').nth(11).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'analyst-annual-report');

    // The CSV for Finnish Excel: BOM, semicolons, the same numbers, the suppressed cell in words.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV (Excel)' }).click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('Section;Category;Value\r\n');
    expect(csv).toContain(`Concerns by zone;3 growing concern;${asked.intake.zones.counts['3']}\r\n`);
    expect(csv).toContain('Routes chosen;joint meeting;suppressed\r\n');

    // A county filter: the address keeps it, and the tables follow the API's answer for it.
    await page.getByLabel('Wellbeing services county').selectOption(COUNTY);
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/county=/);
    const inCounty = await report(`&county=${encodeURIComponent(COUNTY)}`);
    const zonesInCounty = await tableShowing(page, 'zones', expected(inCounty.intake.zones));
    expect(Object.fromEntries(zonesInCounty.map(([key, value]) => [key, value]))).toEqual(expected(inCounty.intake.zones));
    await page.close();
  }, 180_000);
});
