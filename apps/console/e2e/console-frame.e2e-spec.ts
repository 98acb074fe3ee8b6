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

/** The frame every person meets: sign-in, the menu of their roles, the language they chose, sign-out. */
describeInBrowser('console: sign-in, roles, language (Chromium against the embedded default)', () => {
  let embedded: Awaited<ReturnType<typeof startEmbeddedDefault>>;
  let browser: Browser;
  let caseId: string;

  const tokenOf = async (username: string) => {
    const response = await fetch(`${embedded.baseUrl}/oidc/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password: `demo-${username}` }),
    });
    return ((await response.json()) as { access_token: string }).access_token;
  };

  beforeAll(async () => {
    embedded = await startEmbeddedDefault();
    browser = await launchBrowser();
    // A case of Terhi's, registered through the API: the console shows what the API holds.
    const registered = await fetch(`${embedded.baseUrl}/concerns`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await tokenOf('terhi')}` },
      body: JSON.stringify(AADA_CONCERN),
    });
    expect(registered.status).toBe(201);
    caseId = ((await registered.json()) as { caseId: string }).caseId;
  }, SUITE_SETUP_MS);

  afterAll(async () => {
    await browser?.close();
    await embedded?.stop();
  });

  it("should serve React's production build, though the tests (NODE_ENV=test) built it", async () => {
    const index = await (await fetch(`${embedded.baseUrl}/`)).text();
    const scripts = [...index.matchAll(/<script[^>]+src="([^"]+)"/g)].map((match) => new URL(match[1], `${embedded.baseUrl}/`).toString());
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) {
      const code = await (await fetch(script)).text();
      // The development build's JSX runtime and checks: several times slower in the browser.
      expect(code).not.toContain('jsxDEV');
      expect(code).not.toContain('Maximum update depth exceeded. This can happen when a component repeatedly calls setState');
    }
  });

  it('should welcome, send the person to the sign-in page (code + PKCE) and back, each screen accessible', async () => {
    // A browser in Finnish gets the console in Finnish.
    const page = await openPage(browser, 'fi-FI');
    await page.goto(`${embedded.baseUrl}/`);
    await page.getByRole('button', { name: 'Kirjaudu sisään' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'welcome');

    await page.locator('main button.primary').click();
    await page.waitForURL(/\/oidc\/authorize/);
    expect(new URL(page.url()).searchParams.get('code_challenge_method')).toBe('S256');
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in');
    await page.close();
  }, 120_000);

  it("should show a professional her cases and tasks, and a case's overview and timeline", async () => {
    const page = await openPage(browser);
    await signIn(page, embedded.baseUrl, 'terhi', 'en');
    await page.getByRole('heading', { name: 'My cases' }).waitFor();
    const menu = page.getByRole('navigation', { name: 'Main menu' });
    expect(await menu.getByRole('link').allTextContents()).toEqual(expect.arrayContaining(['My cases', 'Tasks']));
    // The case view is a projection: it shows the case once reporting has read it.
    const row = page.getByRole('link', { name: caseId.slice(0, 8) });
    for (let i = 0; i < 20 && !(await row.isVisible()); i++) {
      await page.waitForTimeout(500);
      await page.reload();
    }
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'my-cases');

    await page.getByRole('link', { name: 'Tasks' }).click();
    await page.getByRole('heading', { name: 'Tasks' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'tasks');

    await page.getByRole('link', { name: 'My cases' }).click();
    await row.click();
    await page.getByRole('heading', { name: `Case ${caseId.slice(0, 8)}` }).waitFor();
    await page.getByRole('heading', { name: 'Concern', exact: true }).waitFor();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    await page.locator('.timeline li').first().waitFor();
    expect(await page.locator('.timeline li').first().textContent()).toMatch(/Concern registered/i);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'case-page');
    await page.close();
  }, 180_000);

  it('should remember the language chosen, and write dates as that language does in Finland', async () => {
    // A browser on another continent's time: the console still writes Finnish time.
    const context = await browser.newContext({ locale: 'en-US', timezoneId: 'America/New_York' });
    const page = await context.newPage();
    await signIn(page, embedded.baseUrl, 'terhi', 'fi');
    await page.getByRole('heading', { name: 'Omat tapaukset' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('fi');

    await page.getByLabel('Kieli').selectOption('sv');
    await page.getByRole('heading', { name: 'Mina ärenden' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Mina ärenden' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('sv');

    // The timeline's times: Swedish as written in Finland, on Helsinki time whatever the browser's own zone.
    await page.goto(`${embedded.baseUrl}/#/cases/${caseId}`);
    const first = page.locator('.timeline li time').first();
    await first.waitFor();
    const at = new Date((await first.getAttribute('datetime')) as string);
    const helsinki = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Helsinki', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .format(at)
      .split(':');
    const shown = (await first.textContent()) as string;
    expect(shown).toContain(String(at.getUTCFullYear()));
    expect(shown).toMatch(new RegExp(`\\b0?${Number(helsinki[0])}[.:]${helsinki[1]}\\b`));
    expect(shown).toBe(
      new Intl.DateTimeFormat('sv-FI', { timeZone: 'Europe/Helsinki', dateStyle: 'medium', timeStyle: 'short' }).format(at),
    );
    await page.close();
  }, 120_000);

  it('should be usable from the keyboard: the skip link first, then the menu, each focus visible', async () => {
    const page = await openPage(browser);
    await signIn(page, embedded.baseUrl, 'terhi', 'en');
    await page.getByRole('heading', { name: 'My cases' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Skip to content');
    const outline = await page.evaluate('getComputedStyle(document.activeElement).outlineStyle');
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement?.id')).toBe('main');

    // From the top again: through the header to the menu, and Enter follows a link.
    await page.evaluate('document.activeElement?.blur()');
    const reached: string[] = [];
    for (let i = 0; i < 12 && !reached.includes('Tasks'); i++) {
      await page.keyboard.press('Tab');
      reached.push(String((await page.evaluate("document.activeElement?.textContent ?? ''")) ?? '').trim());
    }
    expect(reached).toContain('Tasks');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Tasks' }).waitFor();
    await page.close();
  }, 120_000);

  it('should say when the session ended under the person, and bring them back where they were after signing in', async () => {
    const page = await openPage(browser);
    await signIn(page, embedded.baseUrl, 'terhi', 'en');
    await page.goto(`${embedded.baseUrl}/#/tasks`);
    await page.getByRole('heading', { name: 'Tasks' }).waitFor();
    // The token is refused from now on (as when it expired or was revoked): the next read is a 401.
    await page.evaluate(`(() => {
      for (const key of Object.keys(sessionStorage).filter((k) => k.startsWith('oidc.user:'))) {
        const user = JSON.parse(sessionStorage.getItem(key));
        sessionStorage.setItem(key, JSON.stringify({ ...user, access_token: 'refused.by.the.api' }));
      }
    })()`);
    await page.reload();
    await page.getByText('Your session has ended. Sign in again.').waitFor();
    await page.locator('main button.primary').click();
    await page.getByLabel(/username/i).fill('terhi');
    await page.getByLabel(/password/i).fill('demo-terhi');
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.getByRole('heading', { name: 'Tasks' }).waitFor();
    expect(page.url()).toContain('#/tasks');
    await page.close();
  }, 120_000);

  it('should give each role its own menu and first screen, and sign out', async () => {
    const page = await openPage(browser);
    await signIn(page, embedded.baseUrl, 'antti', 'en');
    const menu = page.getByRole('navigation', { name: 'Main menu' });
    await menu.waitFor();
    expect(await menu.getByRole('link', { name: 'My cases' }).count()).toBe(0);
    expect(page.url()).toContain('#/reports/annual');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.close();
  }, 120_000);
});
