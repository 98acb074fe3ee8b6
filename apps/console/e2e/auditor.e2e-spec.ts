import { randomUUID } from 'node:crypto';
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

interface History {
  asOf: string;
  state: { phase: string; eventsSoFar: number };
  events: Array<{ type: string; occurredAt: string }>;
}

const PURPOSE = 'complaint 2026/17';

/** The auditor's screens against the embedded default: a case's history as of a moment, the purpose, the access log. */
describeInBrowser('console: auditors (Chromium against the embedded default)', () => {
  let embedded: Awaited<ReturnType<typeof startEmbeddedDefault>>;
  let browser: Browser;
  let caseId: string;
  const tokens = new Map<string, string>();

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

  const api = async <T>(method: string, path: string, user: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${embedded.baseUrl}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await tokenOf(user)}`, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json().catch(() => undefined)) as T };
  };

  /** The history as the auditor reads it through the API, as of a moment (default now). */
  const historyAsOf = async (asOf?: string) => {
    const query = asOf ? `?asOf=${encodeURIComponent(asOf)}` : '';
    const answer = await api<History>('GET', `/audit/cases/${caseId}/history${query}`, 'aino', undefined, { 'X-Purpose': PURPOSE });
    expect(answer.status).toBe(200);
    return answer.body;
  };

  beforeAll(async () => {
    embedded = await startEmbeddedDefault();
    browser = await launchBrowser();
    // Terhi's concern, routed to a joint meeting (which opens convening): a history with a known step in it.
    const concern = { ...AADA_CONCERN, children: [{ name: 'Aada', identifier: `TEMP-${randomUUID().slice(0, 8)}` }], guardians: [] };
    const registered = await api<{ caseId: string }>('POST', '/concerns', 'terhi', concern, { 'idempotency-key': randomUUID() });
    expect(registered.status).toBe(201);
    caseId = registered.body.caseId;
    const routed = await api('POST', `/concerns/${caseId}/route-decision`, 'terhi', {
      facts: JOINT_MEETING_FACTS,
      chosenRoute: 'joint-meeting',
    });
    expect(routed.status).toBeLessThan(300);
    // Reporting's archive receives the events a moment later.
    for (let i = 0; i < 100; i++) {
      const read = await api<History>('GET', `/audit/cases/${caseId}/history`, 'aino', undefined, { 'X-Purpose': PURPOSE });
      if (read.status === 200 && read.body.events.some((e) => e.type === 'RouteDecided')) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }, SUITE_SETUP_MS);

  afterAll(async () => {
    await browser?.close();
    await embedded?.stop();
  });

  /** The state the screen shows: the value behind each named fact. */
  const shownState = async (page: Page) => ({
    phase: await page.locator('[data-fact="phase"]').getAttribute('data-value'),
    eventsSoFar: Number(await page.locator('[data-fact="eventsSoFar"]').getAttribute('data-value')),
  });
  const untilShown = async (page: Page, expected: { phase: string; eventsSoFar: number }) => {
    await page.locator(`[data-fact="eventsSoFar"][data-value="${expected.eventsSoFar}"]`).waitFor({ timeout: 15_000 });
    await page.locator(`[data-fact="phase"][data-value="${expected.phase}"]`).waitFor({ timeout: 15_000 });
    return shownState(page);
  };

  it('should ask the purpose once per session, find a case and show its state before and after a known event as the API does', async () => {
    const page = await openPage(browser);
    await signIn(page, embedded.baseUrl, 'aino', 'en');
    expect(page.url()).toContain('#/audit');
    await page.getByRole('heading', { name: 'Purpose of access' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'auditor-purpose');
    await page.getByRole('textbox', { name: 'Purpose' }).fill(PURPOSE);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Find a case' }).waitFor();
    await page.getByText(`Purpose of access: ${PURPOSE}`).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'auditor-find-case');

    // By the child's name (the search finds any case for an auditor, logged with the purpose)…
    const field = page.getByLabel('Id, case number, name or identity code');
    await field.fill('Aada');
    await page.getByRole('button', { name: 'Open' }).click();
    await page.getByRole('link', { name: caseId.slice(0, 8) }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    // …by the case number, and then the case opened from the list.
    await field.fill(caseId.slice(0, 8));
    await page.getByRole('button', { name: 'Open' }).click();
    await page.getByRole('link', { name: caseId.slice(0, 8) }).click();
    await page.getByRole('heading', { name: `History of case ${caseId.slice(0, 8)}` }).waitFor();

    // The whole history: every event the API gives, in its order.
    const now = await historyAsOf();
    await page
      .locator('.audit-timeline > li')
      .nth(now.events.length - 1)
      .waitFor();
    expect(await page.locator('.audit-timeline > li').count()).toBe(now.events.length);

    // The slider's stops: just before the first event, then each moment an event happened at.
    const moments = [...new Set(now.events.map((e) => Date.parse(e.occurredAt)))].sort((a, b) => a - b);
    const stops = [moments[0] - 1, ...moments].map((ms) => new Date(ms).toISOString());
    const routeStop = 1 + moments.indexOf(Date.parse(now.events.find((e) => e.type === 'RouteDecided')?.occurredAt ?? ''));
    expect(routeStop).toBeGreaterThan(1);
    const before = (await historyAsOf(stops[routeStop - 1])).state;
    const after = (await historyAsOf(stops[routeStop])).state;
    expect(after.phase).not.toBe(before.phase);

    const slider = page.getByRole('slider', { name: 'Events in order of time' });
    await slider.focus();
    await page.keyboard.press('Home');
    const atStart = (await historyAsOf(stops[0])).state;
    expect(await untilShown(page, atStart)).toEqual({ phase: atStart.phase, eventsSoFar: atStart.eventsSoFar });
    for (let stop = 0; stop < routeStop - 1; stop++) await page.keyboard.press('ArrowRight');
    expect(await untilShown(page, before)).toEqual({ phase: before.phase, eventsSoFar: before.eventsSoFar });
    await page.keyboard.press('ArrowRight');
    expect(await untilShown(page, after)).toEqual({ phase: after.phase, eventsSoFar: after.eventsSoFar });
    // Events after the chosen moment are marked so in words.
    if (after.eventsSoFar < now.events.length) await page.getByText('after the chosen moment').first().waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'auditor-case-history');

    // The date and time picker (Finnish time, to the second): a minute before the first event nothing had happened.
    const minuteBefore = new Date(moments[0] - 60_000);
    const local = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Helsinki',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .format(minuteBefore)
      .replace(' ', 'T');
    await page.getByLabel('Date and time').fill(local);
    const empty = (await historyAsOf(minuteBefore.toISOString())).state;
    expect(empty.eventsSoFar).toBe(0);
    expect(await untilShown(page, empty)).toEqual({ phase: empty.phase, eventsSoFar: 0 });
    await page.close();
  }, 180_000);

  it('should keep the purpose for the session and show the access log verification as the API gives it', async () => {
    const page = await openPage(browser);
    await signIn(page, embedded.baseUrl, 'aino', 'en');
    await page.getByRole('textbox', { name: 'Purpose' }).fill(PURPOSE);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Access log' }).click();
    // Asked once per session: the next screen does not ask again.
    await page.getByRole('heading', { name: 'Access log' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Purpose of access' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Verify the access log' }).click();
    await page.getByRole('heading', { name: 'Result of the check' }).waitFor();
    const verified = await api<{ ok: boolean; findings: Array<{ kind: string }> }>(
      'POST',
      '/audit/access-log/verify',
      'aino',
      {},
      { 'X-Purpose': PURPOSE },
    );
    expect(verified.status).toBe(200);
    expect(await page.locator('[data-ok]').getAttribute('data-ok')).toBe(String(verified.body.ok));
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'auditor-access-log');
    await page.close();
  }, 120_000);
});
