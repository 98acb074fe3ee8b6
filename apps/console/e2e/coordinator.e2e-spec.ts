import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { AADA_CONCERN } from '@perheverkko/intake-domain/testing';
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

/** The coordinator's screens against the embedded default: adoption, reference data with If-Match, cases, processing history. */
describeInBrowser('console: coordinators (Chromium against the embedded default)', () => {
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

  const api = async <T>(method: string, path: string, user: string, body?: unknown) => {
    const response = await fetch(`${embedded.baseUrl}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await tokenOf(user)}`, 'idempotency-key': randomUUID() },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json().catch(() => undefined)) as T };
  };

  beforeAll(async () => {
    embedded = await startEmbeddedDefault();
    browser = await launchBrowser();
    // Terhi's concern: the child health clinic's, which Kaisa coordinates.
    const concern = { ...AADA_CONCERN, children: [{ name: 'Aada', identifier: `TEMP-${randomUUID().slice(0, 8)}` }], guardians: [] };
    const registered = await api<{ caseId: string }>('POST', '/concerns', 'terhi', concern);
    expect(registered.status).toBe(201);
    caseId = registered.body.caseId;
    for (let i = 0; i < 100; i++) {
      const listed = await api<{ items: Array<{ caseId: string }> }>('GET', '/cases', 'kaisa');
      if (listed.body?.items?.some((row) => row.caseId === caseId)) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }, SUITE_SETUP_MS);

  afterAll(async () => {
    await browser?.close();
    await embedded?.stop();
  });

  it("should show and record a municipality's adoption stage", async () => {
    const page = await openPage(browser);
    await signIn(page, embedded.baseUrl, 'kaisa', 'en');
    expect(page.url()).toContain('#/coordinator/adoption');
    await page.getByRole('heading', { name: 'Adoption of the model', level: 1 }).waitFor();
    await page.getByRole('combobox', { name: 'Municipality', exact: true }).fill('Kangasala');
    await page.getByRole('combobox', { name: 'Stage', exact: true }).selectOption('3');
    await page.getByRole('button', { name: 'Record', exact: true }).click();
    await page.locator('tr[data-municipality="Kangasala"] td[data-stage="3"]').waitFor();
    const stages = await api<Array<{ municipality: string; stage: number; region: string }>>('GET', '/municipalities/adoption', 'kaisa');
    expect(stages.body.find((s) => s.municipality === 'Kangasala')).toMatchObject({ stage: 3, region: 'Pirkanmaan hyvinvointialue' });
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'coordinator-adoption');
    await page.close();
  }, 120_000);

  it('should edit a room with If-Match, offer to reload when the catalogue changed meanwhile, and save after reloading', async () => {
    const page = await openPage(browser);
    await signIn(page, embedded.baseUrl, 'kaisa', 'en');
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Reference data' }).click();
    await page.getByRole('link', { name: 'Rooms' }).click();
    await page.locator('tr[data-key="neuvola-2"]').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'coordinator-reference-data');

    await page.getByRole('button', { name: 'Edit neuvola-2' }).click();
    await page.getByRole('heading', { name: 'Edit neuvola-2' }).waitFor();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Neuvola, room 2 (upstairs)');
    // Meanwhile someone else changes the rooms catalogue: the version the form was read at is stale.
    const other = await api('PUT', '/reference-data/rooms/neuvola-3', 'kaisa', {
      name: 'Neuvola, room 3 (renovated)',
      organiser: 'kangasala-child-health-clinic',
      capacity: 10,
    });
    expect(other.status).toBe(200);
    await page.getByRole('button', { name: 'Save' }).click();
    const notice = page.getByRole('alert').filter({ hasText: 'Someone else changed' });
    await notice.waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'coordinator-reference-data-conflict');

    await notice.getByRole('button', { name: 'Reload' }).click();
    await page.getByRole('alert').filter({ hasText: 'Someone else changed' }).waitFor({ state: 'detached' });
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Neuvola, room 2 (upstairs)');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('tr[data-key="neuvola-2"]', { hasText: 'Neuvola, room 2 (upstairs)' }).waitFor();
    const saved = await api<{ value: { name: string } }>('GET', '/reference-data/rooms/neuvola-2', 'kaisa');
    expect(saved.body.value.name).toBe('Neuvola, room 2 (upstairs)');
    await page.close();
  }, 120_000);

  it("should list the organiser's cases and print a family's processing history", async () => {
    const page = await openPage(browser);
    await signIn(page, embedded.baseUrl, 'kaisa', 'en');
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: "Organisers' cases" }).click();
    await page.locator(`tr[data-case="${caseId}"]`).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'coordinator-cases');

    await page
      .locator(`tr[data-case="${caseId}"]`)
      .getByRole('link', { name: /Processing history/ })
      .click();
    await page.getByRole('heading', { name: `Processing history of case ${caseId.slice(0, 8)}` }).waitFor();
    await page.locator('table.processing-history tbody tr').first().waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'coordinator-processing-history');

    // Printed by the API as PDF, in the person's language.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download PDF' }).click()]);
    expect(download.suggestedFilename()).toBe(`processing-history-${caseId.slice(0, 8)}-en.pdf`);
    expect(
      readFileSync(await download.path())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    // Printed by the browser: the frame, menu and buttons stay off the paper.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation', { name: 'Main menu' }).isVisible()).toBe(false);
    expect(await page.getByRole('table').first().isVisible()).toBe(true);
    await screenshot(page, 'coordinator-processing-history-print');
    await page.close();
  }, 120_000);
});
