/**
 * Every refusal the dashboard's forms can meet reads in Swedish on the Swedish page: each
 * problem code of the deciders has a sentence, and each field message the service writes (from
 * bodies it really refused, and the shared message constants) maps to a Swedish phrase rather
 * than the generic one or the API's English. The page's own modules do the translating, in
 * the browser, so this tests what the person reads.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { INVESTMENT_ERROR_CODES } from '../../src/investment/investment.decider';
import { ID_MESSAGE, USER_ID_MESSAGE } from '../../src/http/validation';
import { MONEY_PROBLEM_TEXT } from '../../src/money/money';
import { LEDGER_MOMENT_RANGE_TEXT } from '../../src/periods/moment';
import { BUSINESS_DAY_TEXT, PERIOD_PROBLEM_TEXT } from '../../src/periods/period';
import { startTestApp, TestApp } from '../support/test-app';
import { launchChromium, openPage, WatchedPage } from './support/browser';
import { SETUP_TIMEOUT_MS } from './support/tasks';

const WEB = join(__dirname, '..', '..', 'web', 'assets', 'js');
const GENERIC = 'Värdet godtas inte.';
/** Words of the API's English that must not reach the Swedish page. */
const ENGLISH = /\b(must|required|should|blank|decimal|between|field|characters)\b/i;

/** The codes the fund decider refuses with: every quoted code in its source. */
const fundCodes = (): string[] => {
  const source = readFileSync(
    join(__dirname, '..', '..', 'src', 'fund', 'fund.decider.ts'),
    'utf8',
  );
  return [...new Set([...source.matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g)].map((m) => m[1]))];
};

/** Refusals of the service itself that any write may meet. */
const SERVICE_CODES = [
  'VALIDATION_FAILED',
  'FORBIDDEN',
  'REVISION_MISMATCH',
  'IDEMPOTENCY_KEY_REUSED',
  'BODY_TOO_LARGE',
  'RATE_LIMITED',
  'STORE_UNAVAILABLE',
  'SHUTTING_DOWN',
];

/**
 * Runs the page's i18n and problem-text modules in the page, in Swedish. The script is text:
 * compiled as a function, the module import would become a require the browser has not got.
 */
const inPage = (page: Page) => ({
  missingKeys: (keys: string[]): Promise<string[]> =>
    page.evaluate(`(async () => {
      const i18n = await import('/assets/js/i18n.js');
      i18n.setLang('sv');
      return ${JSON.stringify(keys)}.filter((key) => !i18n.has(key));
    })()`),
  translate: (messages: string[]): Promise<string[]> =>
    page.evaluate(`(async () => {
      const i18n = await import('/assets/js/i18n.js');
      i18n.setLang('sv');
      const words = await import('/assets/js/problem-text.js');
      return ${JSON.stringify(messages)}.map((message) => words.fieldMessage({ path: 'x', message }));
    })()`),
});

describe('refusals in the Swedish page', () => {
  let browser: Browser;
  let app: TestApp;
  let watched: WatchedPage;

  beforeAll(async () => {
    browser = await launchChromium();
    app = await startTestApp();
    watched = await openPage(browser);
    await watched.page.goto(`${app.url}/`);
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await watched?.context.close();
    await browser?.close();
    await app?.close();
  });

  it('has a Swedish sentence for every problem code of the deciders and the service', async () => {
    const codes = [...INVESTMENT_ERROR_CODES, ...fundCodes(), ...SERVICE_CODES];
    expect(codes.length).toBeGreaterThan(40);
    expect(await inPage(watched.page).missingKeys(codes.map((c) => `refusal.${c}`))).toEqual([]);
    expect(readFileSync(join(WEB, 'i18n-tasks.js'), 'utf8')).toContain("'refusal.other'");
  });

  it('says every field message the service writes in Swedish', async () => {
    const finance = app.as('fia', 'finance');
    const lead = app.as('pia', 'project-lead');
    // Bodies wrong in every way a form can make them, answered by the real service.
    const fund = await finance.post('/api/funds', {
      fundId: 'Fel Id',
      name: '',
      currency: 'EUR',
      tranches: [{ trancheId: '', name: 'T', amount: '1.234', allocatableFrom: '2017-02-30' }],
      decisionRef: '',
    });
    await lead
      .post('/api/investments', {
        investmentId: 'x',
        title: 'X',
        department: 'D',
        projectLead: 'pia',
        need: 'N',
      })
      .expect(201);
    const benefitCase = await lead.put('/api/investments/x/benefit-case', {
      discountRate: '2',
      horizonYears: 'fem',
      costs: [
        {
          costLineId: 'Licenser',
          kind: 'engång',
          description: ' ',
          forecast: [
            { period: '2017-13', amount: '1.234' },
            { period: '2018-Q5', amount: '-1.00' },
          ],
        },
      ],
      benefits: [
        {
          benefitLineId: 'b',
          description: 'B',
          class: 'qualitative',
          owner: 'pia',
          indicator: {
            unit: 'st',
            baseline: 'tre',
            target: '1',
            direction: 'upp',
            method: 'M',
            frequency: 'F',
          },
          forecast: [{ period: '2017', amount: '1.00' }],
        },
      ],
      extra: true,
    });
    const answered = [...fund.body.errors, ...benefitCase.body.errors].map(
      (e: { message: string }) => e.message,
    );
    expect(answered.length).toBeGreaterThan(8);
    const messages = [
      ...new Set([
        ...answered,
        ...Object.values(MONEY_PROBLEM_TEXT),
        ...Object.values(PERIOD_PROBLEM_TEXT),
        ID_MESSAGE,
        USER_ID_MESSAGE,
        LEDGER_MOMENT_RANGE_TEXT,
        BUSINESS_DAY_TEXT,
      ]),
    ];
    const swedish = await inPage(watched.page).translate(messages);
    const untranslated = messages.filter(
      (_m, i) => swedish[i] === GENERIC || ENGLISH.test(swedish[i]),
    );
    expect(untranslated).toEqual([]);
    expect(watched.problems).toEqual([]);
  });
});
