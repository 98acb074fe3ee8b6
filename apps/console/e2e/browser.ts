import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { freePort, ServiceProcess } from '@perheverkko/platform/testing';

/** Debian's Chromium (`apt-get install -y chromium`): the browser these tests drive; nothing is downloaded. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether the browser suites can run. Without Chromium they say "skipped" (a developer's machine), unless
 * CONSOLE_BROWSER_REQUIRED is set (CI), where a missing browser is a failure, not a silent pass.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CONSOLE_BROWSER_REQUIRED) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  return false;
}

/** Screenshots of the main screens, kept as CI artefacts. */
export const SCREENSHOTS = join(__dirname, '..', '..', '..', 'tmp', 'console-screenshots');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A page in a context of its own (cookies and storage apart from other pages; axe-core needs a context it made),
 * with the browser's language and Finnish time.
 */
export async function openPage(browser: Browser, locale = 'en-GB'): Promise<Page> {
  const context = await browser.newContext({ locale, timezoneId: 'Europe/Helsinki' });
  return context.newPage();
}

/**
 * How long the embedded default may take to answer /health: on a loaded two-core machine (other suites compiling,
 * brokers running) it has taken over 120 s, so the wait is generous; an idle machine is ready in seconds.
 */
export const EMBEDDED_READY_MS = 300_000;

/** A suite's beforeAll: the console's build when stale, the embedded default's start (above), the browser and the seed data. */
export const SUITE_SETUP_MS = EMBEDDED_READY_MS + 180_000;

/** The embedded default as `npm start` runs it (its own data folder, its demo issuer), serving the built console. */
export async function startEmbeddedDefault(): Promise<{ app: ServiceProcess; baseUrl: string; stop: () => Promise<void> }> {
  // As `npm start` does: the console is built first when its sources are newer (one build at a time across workers).
  execFileSync(process.execPath, [join(__dirname, '..', '..', '..', 'tools', 'console', 'ensure-built.mjs')], { stdio: 'ignore' });
  const dataDir = mkdtempSync(join(tmpdir(), 'perheverkko-console-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // The issuer's URL is the address the browser uses, so the tokens' issuer and the sign-in page agree.
  const app = await ServiceProcess.start('standalone', { DATA_DIR: dataDir, PORT: String(port), PUBLIC_URL: baseUrl }, EMBEDDED_READY_MS);
  return {
    app,
    baseUrl,
    stop: async () => {
      await app.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const DEMO_PASSWORDS: Record<string, string> = {
  terhi: 'demo-terhi',
  olli: 'demo-olli',
  kaisa: 'demo-kaisa',
  aino: 'demo-aino',
  antti: 'demo-antti',
  pekka: 'demo-pekka',
};

/**
 * Signs a demo user in as a person would: the console's button, the issuer's sign-in page (authorization code +
 * PKCE), and back. `language` is chosen first on the welcome screen, and remembered.
 */
export async function signIn(page: Page, baseUrl: string, username: string, language: 'fi' | 'sv' | 'en' = 'en'): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByRole('combobox').first().selectOption(language);
  await page.locator('main button.primary').click();
  await page.getByLabel(/username|käyttäjätunnus|användarnamn/i).fill(username);
  await page.getByLabel(/password|salasana|lösenord/i).fill(DEMO_PASSWORDS[username]);
  await page.getByRole('button', { name: /sign in|kirjaudu|logga in/i }).click();
  await page
    .getByRole('navigation')
    .or(page.getByText(/no role|ei roolia|ingen roll/i))
    .first()
    .waitFor();
}

/** WCAG 2.1 A and AA rules of axe-core on what the page shows now: the violations, for the spec to expect none. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
