import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Module } from '@nestjs/common';
import { chromium, type Browser } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { onEmbeddedApp } from '../testing/embedded-app';
import { PlatformModule } from './platform.module';

/** Debian's Chromium, as the console's browser suites use it; CI sets CONSOLE_BROWSER_REQUIRED, so it cannot be skipped there. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const browserHere = existsSync(CHROMIUM);
if (!browserHere && process.env.CONSOLE_BROWSER_REQUIRED) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);

@Module({ imports: [PlatformModule] })
class IssuerOnly {}

(browserHere ? describe : describe.skip)(
  `the demo issuer's sign-in page in a browser${browserHere ? '' : ` (skipped: no ${CHROMIUM}; set CHROMIUM_PATH)`}`,
  () => {
    let base = '';
    let browser: Browser;
    onEmbeddedApp(IssuerOnly, { tempPrefix: 'sign-in-page', nest: { logger: false } }, (served) => (base = served.base));
    beforeAll(async () => {
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
      });
    }, 60_000);
    afterAll(async () => browser?.close());

    const authorizeUrl = () => {
      const challenge = createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url');
      const query = new URLSearchParams({
        response_type: 'code',
        client_id: 'perheverkko-console',
        redirect_uri: `${base}/`,
        code_challenge: challenge,
        code_challenge_method: 'S256',
        state: 'st',
        nonce: 'n',
        scope: 'openid profile',
      });
      return `${base}/oidc/authorize?${query.toString()}`;
    };

    it('should pass axe-core WCAG 2.1 AA, before and after a failed attempt, with nothing refused by its policy', async () => {
      const page = await (await browser.newContext()).newPage();
      const refused: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
      });
      await page.goto(authorizeUrl());
      const scan = async () =>
        (await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()).violations.map(
          (v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
        );
      expect(await scan()).toEqual([]);
      // The style sheet applied (its hash is in the policy): the button is the dark blue of the page.
      expect(await page.evaluate("getComputedStyle(document.querySelector('button')).backgroundColor")).toBe('rgb(11, 79, 138)');

      await page.getByLabel('Username').fill('terhi');
      await page.getByLabel('Password').fill('wrong');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').waitFor();
      expect(await page.getByRole('alert').textContent()).toMatch(/wrong password/);
      expect(await scan()).toEqual([]);
      expect(refused).toEqual([]);
      await page.context().close();
    }, 60_000);

    it('should send the browser back to the console with a code when the password is right (the policy lets the form redirect there)', async () => {
      const page = await (await browser.newContext()).newPage();
      await page.goto(authorizeUrl());
      await page.getByLabel('Username').fill('kaisa');
      await page.getByLabel('Password').fill('demo-kaisa');
      await Promise.all([page.waitForURL(/\?code=/), page.getByRole('button', { name: 'Sign in' }).click()]);
      const url = new URL(page.url());
      expect(`${url.origin}${url.pathname}`).toBe(`${base}/`);
      expect(url.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(url.searchParams.get('state')).toBe('st');
      await page.context().close();
    }, 60_000);
  },
);
