/**
 * The README's worked example ("### Forecast against actual") is the running service's answer,
 * not a hand copy: this spec records the e-archive of worked-example.spec.ts over HTTP, day by
 * day, asks the URL of the README's curl line, and checks that every value the README's JSON
 * block shows is the answer's. The block is abridged — it may leave keys and array elements
 * out (elements are matched by benefitLineId, period or year) — but whatever it shows must be
 * what the code computes, so a change of the figures that leaves the README behind fails here.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  aBenefitCase,
  aFinancialLine,
  aQualitativeLine,
  aRedistributableLine,
  FINANCIAL_LINE,
  LINE_OWNER,
  ONE_OFF_COST_LINE,
  OTHER_OWNER,
  PROJECT_LEAD,
  QUALITATIVE_LINE,
  RECURRING_COST_LINE,
  REDISTRIBUTABLE_LINE,
} from '../support/investment.mothers';
import { aReleasedFundOverHttp } from '../support/http-mothers';
import { startTestApp, TestApp } from '../support/test-app';

const README = join(__dirname, '..', '..', 'README.md');
const SECTION = '### Forecast against actual';

/** The path of the section's curl line and the JSON block after it. */
export const readmeExample = (text: string): { path: string; json: unknown } => {
  const section = text.slice(text.indexOf(SECTION));
  if (!text.includes(SECTION)) throw new Error(`README has no "${SECTION}" section`);
  const url = /'http:\/\/localhost:3000(\/api\/[^']+)'/.exec(section);
  const block = /```json\n([\s\S]*?)\n```/.exec(section);
  if (!url || !block) throw new Error('README example: no curl URL or no JSON block');
  return { path: url[1], json: JSON.parse(block[1]) };
};

const IDENTITY_KEYS = ['benefitLineId', 'period', 'year'] as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Where the README's value differs from the answer's, as `path: readme ≠ answer` lines. */
export const abridgementDifferences = (shown: Json, actual: Json, path = '$'): string[] => {
  if (Array.isArray(shown)) {
    if (!Array.isArray(actual)) return [`${path}: an array in the README, not in the answer`];
    return shown.flatMap((element, i) => {
      const key = IDENTITY_KEYS.find(
        (k) =>
          element !== null &&
          typeof element === 'object' &&
          !Array.isArray(element) &&
          k in element,
      );
      const match = key
        ? actual.find(
            (a) =>
              a !== null &&
              typeof a === 'object' &&
              !Array.isArray(a) &&
              a[key] === (element as Record<string, Json>)[key],
          )
        : actual[i];
      const where = key
        ? `${path}[${key}=${String((element as Record<string, Json>)[key])}]`
        : `${path}[${i}]`;
      return match === undefined
        ? [`${where}: not in the answer`]
        : abridgementDifferences(element, match, where);
    });
  }
  if (shown !== null && typeof shown === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
      return [`${path}: an object in the README, not in the answer`];
    }
    return Object.entries(shown).flatMap(([k, v]) =>
      k in actual
        ? abridgementDifferences(v, actual[k], `${path}.${k}`)
        : [`${path}.${k}: not in the answer`],
    );
  }
  return shown === actual
    ? []
    : [`${path}: README ${JSON.stringify(shown)} ≠ answer ${JSON.stringify(actual)}`];
};

describe('the README worked example', () => {
  let t: TestApp;
  let now = new Date('2017-01-16T09:00:00.000Z');
  const at = (iso: string): void => {
    now = new Date(iso);
  };
  const finance = () => t.as('frida.ek', 'finance');
  const lead = () => t.as(PROJECT_LEAD, 'project-lead');
  const owner = (id = LINE_OWNER) => t.as(id, 'project-lead');
  const ID = 'e-arkiv';

  const cost = (costId: string, costLineId: string, amount: string, incurredOn: string) =>
    finance()
      .post(`/api/investments/${ID}/costs`, {
        costId,
        costLineId,
        amount,
        incurredOn,
        reference: costId,
      })
      .expect(201);
  const report = (
    who: string,
    reportId: string,
    benefitLineId: string,
    period: string,
    value: string,
  ) =>
    owner(who)
      .post(`/api/investments/${ID}/effect-reports`, {
        reportId,
        benefitLineId,
        period,
        value,
        evidence: 'Utfall',
      })
      .expect(201);

  /** worked-example.spec.ts's history, each step on a plausible day. */
  beforeAll(async () => {
    t = await startTestApp({ clock: () => now });
    await aReleasedFundOverHttp(finance, { name: 'Fond', releaseDecisionRef: 'KF' });
    await lead()
      .post('/api/investments', {
        investmentId: ID,
        title: 'E-arkiv',
        department: 'KLF',
        projectLead: PROJECT_LEAD,
        need: 'Papper',
      })
      .expect(201);
    at('2017-01-20T09:00:00.000Z');
    await lead().put(`/api/investments/${ID}/benefit-case`, aBenefitCase()).expect(200);
    at('2017-03-15T09:00:00.000Z');
    await finance()
      .post('/api/funds/orebro/allocations', {
        allocationId: 'a1',
        investmentId: ID,
        trancheId: 't1',
        amount: '2000000.00',
        decidedOn: '2017-03-15',
        decisionRef: 'Ks 301/2017',
        caseVersion: 1,
      })
      .expect(201);
    at('2017-06-01T09:00:00.000Z');
    await cost('c1', ONE_OFF_COST_LINE, '1450000.00', '2017-05-30');
    at('2018-12-21T09:00:00.000Z');
    await cost('c2', RECURRING_COST_LINE, '210000.00', '2018-12-20');
    at('2019-01-20T09:00:00.000Z');
    await report(LINE_OWNER, 'r1', FINANCIAL_LINE, '2018', '550000.00');
    await report(OTHER_OWNER, 'r4', REDISTRIBUTABLE_LINE, '2018', '360000.00');
    await report(LINE_OWNER, 'r6', QUALITATIVE_LINE, '2018', '64');
    at('2019-02-10T09:00:00.000Z');
    await owner()
      .post(`/api/investments/${ID}/effect-reports/r1/corrections`, {
        value: '600000.00',
        reason: 'Slutfaktura',
      })
      .expect(201);
    // After the README's moment: v2 lowers time-freed 2019, the rest of the story follows.
    at('2019-04-01T09:00:00.000Z');
    await lead()
      .put(
        `/api/investments/${ID}/benefit-case`,
        aBenefitCase({
          benefits: [
            aFinancialLine(),
            aRedistributableLine({
              forecast: [
                { period: '2018', amount: '480000.00' },
                { period: '2019', amount: '420000.00' },
              ],
            }),
            aQualitativeLine(),
          ],
        }),
      )
      .expect(200);
    at('2019-12-21T09:00:00.000Z');
    await cost('c3', RECURRING_COST_LINE, '200000.00', '2019-12-20');
    at('2020-01-20T09:00:00.000Z');
    await report(LINE_OWNER, 'r2', FINANCIAL_LINE, '2019', '600000.00');
    await report(OTHER_OWNER, 'r5', REDISTRIBUTABLE_LINE, '2019', '480000.00');
    await report(LINE_OWNER, 'r7', QUALITATIVE_LINE, '2019', '66');
    at('2021-03-01T09:00:00.000Z');
  });
  afterAll(async () => t.close());

  it('shows exactly what the service answers for its curl line', async () => {
    const { path, json } = readmeExample(readFileSync(README, 'utf8'));
    const answer = (await t.as('revisor', 'auditor').get(path).expect(200)).body as Json;
    // To edit the README: README_EXAMPLE_ANSWER=<file> writes the whole answer to pick from.
    const out = process.env.README_EXAMPLE_ANSWER;
    if (out) writeFileSync(out, `${JSON.stringify(answer, null, 2)}\n`);
    expect(abridgementDifferences(json as Json, answer)).toEqual([]);
  });

  it('would notice a README value the code does not produce', () => {
    const { json } = readmeExample(readFileSync(README, 'utf8'));
    const changed = JSON.parse(
      JSON.stringify(json).replace('"decisionYear":2017', '"decisionYear":2018'),
    );
    expect(abridgementDifferences(changed, json as Json)).toEqual([
      '$.decisionYear: README 2018 ≠ answer 2017',
    ]);
  });
});
