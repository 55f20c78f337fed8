/**
 * What the per-role task specs share: one demo ledger and one browser per spec file (so the
 * files run side by side), signed-in pages that must end without script errors or CSP
 * violations, and the demo investments picked by what a spec needs of them.
 */
import { Browser, Locator, Page } from 'playwright-core';
import {
  InvestmentStep,
  DEMO_AUDITOR,
  DEMO_INVESTMENTS,
  DemoInvestment,
} from '../../../src/demo/orebro-demo.data';
import {
  DESKTOP,
  launchChromium,
  openPage,
  PageOptions,
  screenshot,
  signIn,
  WatchedPage,
} from './browser';
import { DemoLedger, startDemoLedger } from './demo-ledger';
import type { Clock } from '../../../src/infra/tokens';

/** Building the demo and starting chromium take a while on a shared machine. */
export const SETUP_TIMEOUT_MS = 120_000;
/** A browser spec walks through several pages and writes; the default 5 s is too short. */
export const TASK_TIMEOUT_MS = 60_000;

export interface TaskSession {
  readonly ledger: () => DemoLedger;
  as(
    userId: string,
    viewport?: { width: number; height: number },
    options?: PageOptions,
  ): Promise<Page>;
  /** A page of the service before anyone signs in (its sign-in form). */
  signedOut(viewport?: { width: number; height: number }): Promise<Page>;
  /**
   * What a test provokes on purpose on `page` (a connection it cuts, a 503 it answers) is not
   * held against the page: the problems matching `patterns` are left out of the final check.
   */
  allowProblems(page: Page, patterns: readonly RegExp[]): void;
  openInvestment(page: Page, id: string): Promise<void>;
  shot(page: Page, name: string): Promise<string>;
  /** A GET of the API as `userId` (the auditor by default): what the ledger holds. */
  read<T>(path: string, userId?: string): Promise<T>;
}

/**
 * Registers the hooks of a spec file and answers the helpers its tests use. `clock`: the
 * service's clock, for a spec that records at a chosen moment.
 */
export const taskSession = (prefix: string, { clock }: { clock?: Clock } = {}): TaskSession => {
  let browser: Browser;
  let ledger: DemoLedger;
  const opened: WatchedPage[] = [];
  const allowed = new Map<Page, readonly RegExp[]>();

  beforeAll(async () => {
    browser = await launchChromium();
    ledger = await startDemoLedger({ clock });
  }, SETUP_TIMEOUT_MS);

  afterEach(async () => {
    // Every page must have worked without script errors or content-security-policy violations.
    const problems = opened.flatMap((w) =>
      w.problems.filter((p) => !(allowed.get(w.page) ?? []).some((pattern) => pattern.test(p))),
    );
    allowed.clear();
    await Promise.all(opened.splice(0).map((w) => w.context.close()));
    expect(problems).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await ledger?.close();
  });

  return {
    ledger: () => ledger,
    as: async (userId, viewport = DESKTOP, options = {}) => {
      const watched = await openPage(browser, viewport, options);
      opened.push(watched);
      await signIn(watched.page, ledger.url, ledger.tokenFor(userId));
      return watched.page;
    },
    signedOut: async (viewport = DESKTOP) => {
      const watched = await openPage(browser, viewport);
      opened.push(watched);
      await watched.page.goto(`${ledger.url}/`);
      return watched.page;
    },
    allowProblems: (page, patterns) => {
      allowed.set(page, [...(allowed.get(page) ?? []), ...patterns]);
    },
    openInvestment: async (page, id) => {
      await page.goto(`${ledger.url}/#/investments/${id}`);
      await page.locator(`.page.investment[data-investment="${id}"] h1`).waitFor();
    },
    shot: (page, name) => screenshot(page, `${prefix}-${name}`),
    read: async <T>(path: string, userId = DEMO_AUDITOR): Promise<T> => {
      const response = await fetch(`${ledger.url}${path}`, {
        headers: { Authorization: `Bearer ${ledger.tokenFor(userId)}` },
      });
      if (!response.ok) throw new Error(`${path}: ${response.status}`);
      return (await response.json()) as T;
    },
  };
};

type Step<K extends InvestmentStep['do']> = Extract<InvestmentStep, { do: K }>;
export const stepsOf = <K extends InvestmentStep['do']>(inv: DemoInvestment, kind: K): Step<K>[] =>
  inv.steps.filter((s): s is Step<K> => s.do === kind);

/** Investments the demo leaves open and funded: finance can still allocate, cost and close. */
export const openFunded = (): DemoInvestment[] =>
  DEMO_INVESTMENTS.filter(
    (inv) =>
      stepsOf(inv, 'close').length === 0 &&
      stepsOf(inv, 'allocate').some((a) => a.refusedWith === undefined),
  );

/** The benefit lines of the demo case an investment documented last. */
export const caseLines = (
  inv: DemoInvestment,
): { benefitLineId: string; class: string; indicator: { unit: string } }[] => {
  const last = stepsOf(inv, 'benefit-case').at(-1);
  return ((last?.case as { benefits?: [] } | undefined)?.benefits ?? []) as {
    benefitLineId: string;
    class: string;
    indicator: { unit: string };
  }[];
};

/** A money string as the Swedish page shows it, whole kronor without öre. */
export const kronor = (value: string): string =>
  new Intl.NumberFormat('sv-SE', {
    style: 'currency',
    currency: 'SEK',
    maximumFractionDigits: 0,
  })
    .format(Number(value))
    .replace(/\s+/g, ' ');

/** The option texts of a select. */
export const optionTexts = (select: Locator): Promise<string[]> =>
  select.locator('option').allTextContents();

/** A write over the API itself, to set up what a test then does in the browser. */
export const apiAs =
  (ledger: DemoLedger, userId: string) =>
  async (method: 'POST' | 'PUT', path: string, body: object): Promise<Record<string, unknown>> => {
    const response = await fetch(`${ledger.url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${ledger.tokenFor(userId)}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as Record<string, unknown>;
    if (!response.ok)
      throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  };

/**
 * Waits for what a successful write shows (`shown`); when the form's alert shows a refusal
 * instead, fails at once with the refusal's words.
 */
export const expectSaved = async (form: Locator, shown: Locator): Promise<void> => {
  const refusal = form.locator('.form-alert:not([hidden])');
  await shown.or(refusal).first().waitFor();
  if (await refusal.isVisible()) throw new Error(`refused: ${await refusal.textContent()}`);
};
