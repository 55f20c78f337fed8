/**
 * The browser for the dashboard specs (test/support/browser.ts: Debian's chromium when it is
 * installed, else the Chromium packaged in @sparticuz/chromium; never a download), pages that
 * record what went wrong in them, sign-in and screenshots.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../../support/browser';

export const ARTIFACTS = join(__dirname, '..', '..', '..', 'test-artifacts', 'dashboard');

/** How chromium reports any non-2xx answer on the console. */
const FAILED_REQUEST = 'Failed to load resource: the server responded with a status of';

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

export const launchChromium = async (): Promise<Browser> => {
  mkdirSync(ARTIFACTS, { recursive: true });
  return launchBrowser();
};

/**
 * A page in a fresh context (its own session storage), recording what the page complained
 * about: script errors, failed requests' console messages and content-security-policy violations.
 */
export interface WatchedPage {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly problems: string[];
}

/**
 * `timezoneId`: the zone of the browser's clock (the host's by default); `fixedTime`: the
 * browser's clock stopped at that instant, set before the page loads (timers still run).
 */
export interface PageOptions {
  readonly timezoneId?: string;
  readonly fixedTime?: Date;
}

export const openPage = async (
  browser: Browser,
  viewport = DESKTOP,
  { timezoneId, fixedTime }: PageOptions = {},
): Promise<WatchedPage> => {
  // A Swedish browser, as the users have: its own controls (the date picker) speak Swedish too.
  const context = await browser.newContext({
    viewport,
    acceptDownloads: true,
    locale: 'sv-SE',
    ...(timezoneId ? { timezoneId } : {}),
  });
  const page = await context.newPage();
  if (fixedTime) await page.clock.setFixedTime(fixedTime);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // A refused request is logged by the browser too; refusals are judged by the specs, and
    // a missing file or a server error is caught below.
    if (message.type() === 'error' && !message.text().startsWith(FAILED_REQUEST))
      problems.push(`console: ${message.text()}`);
  });
  page.on('response', (response) => {
    const isApi = new URL(response.url()).pathname.startsWith('/api/');
    if (response.status() >= 500 || (!isApi && response.status() >= 400))
      problems.push(`${response.status()} for ${response.url()}`);
  });
  return { context, page, problems };
};

export const signIn = async (page: Page, url: string, token: string): Promise<void> => {
  await page.goto(`${url}/`);
  await page.getByLabel('Token').fill(token);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.locator('.whoami').waitFor();
};

export const screenshot = async (page: Page, name: string): Promise<string> => {
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
};

/** Text as a person reads it: the no-break spaces of Swedish number formats as plain spaces. */
export const plain = (text: string | null): string => (text ?? '').replace(/\s+/g, ' ').trim();
