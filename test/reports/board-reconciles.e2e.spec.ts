/**
 * The board report's fund figures reconcile with each other and with GET /api/funds/{id} for
 * the same asOf, money in a closed tranche and spend beyond the allocations included. A
 * tranche's unallocated money is exactly one of availableNow, expected, lapsed or closed
 * (docs/DOMAIN.md, "Available money"), so per tranche and in the totals
 * availableNow + expected + lapsed + closed + allocated = amount; spend no allocation had room
 * for is in no tranche but in the totals' spentBeyondAllocations, so totals.spent +
 * totals.spentBeyondAllocations is the spend of the board's investments. In JSON, XLSX and PDF.
 */
import ExcelJS from 'exceljs';
import { formatMoney } from '../../src/reports/board-labels';
import { Money } from '../../src/money/money';
import { aDocumentedInvestmentOverHttp } from '../support/http-mothers';
import { OTHER_OWNER } from '../support/investment.mothers';
import { startTestApp, TestApp } from '../support/test-app';
import { binary } from './support/worked-example';
import { pdfText } from './support/pdf-text';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const FUND = {
  fundId: 'orebro',
  name: 'Digitaliseringsfond',
  currency: 'SEK',
  decisionRef: 'Ks 1474/2016',
  tranches: [
    // Open-ended: available now.
    { trancheId: 't1', name: 'Etapp 1', amount: '10000000.00', allocatableFrom: '2016-12-31' },
    // Closed with 4 000 000 never allocated.
    { trancheId: 't2', name: 'Etapp 2', amount: '5000000.00', allocatableFrom: '2016-12-31' },
    // Its window ends before asOf: lapsed.
    { trancheId: 't3', name: 'Etapp 3', amount: '3000000.00', allocatableUntil: '2017-12-31' },
    // Never released: expected.
    { trancheId: 't4', name: 'Etapp 4', amount: '2000000.00' },
  ],
};

const AS_OF = '2018-03-01';
/** The tranche figures in the order of the identity; `allocated` last. */
const PARTS = ['availableNow', 'expected', 'lapsed', 'closed', 'allocated'] as const;
/** Every money figure of a tranche row, in the report's column order. */
const TRANCHE_MONEY = [
  'amount',
  'availableNow',
  'expected',
  'lapsed',
  'closed',
  'allocated',
  'spent',
  'harvested',
] as const;
/** The tranche sheet's column (1-based) of each tranche figure. */
const TRANCHE_COLUMN: Readonly<Record<(typeof TRANCHE_MONEY)[number], number>> = {
  amount: 3,
  availableNow: 4,
  expected: 5,
  lapsed: 6,
  allocated: 7,
  spent: 8,
  harvested: 9,
  closed: 10,
};

const sum = (values: readonly (string | null)[]): string =>
  Money.sum(values.map((v) => Money.of(v ?? '0'))).toString();

describe('board report: the fund figures reconcile, closed money and spend beyond allocations included', () => {
  let t: TestApp;
  let now = new Date('2017-01-10T09:00:00.000Z');
  const at = (iso: string): void => {
    now = new Date(iso);
  };
  const finance = () => t.as('fia', 'finance');
  const auditor = () => t.as('revisor', 'auditor');
  const get = async (path: string): Promise<Json> =>
    (await auditor().get(path).expect(200)).body as Json;
  const file = async (path: string): Promise<Buffer> =>
    (await auditor().get(path).buffer(true).parse(binary).expect(200)).body as Buffer;
  const allocate = (
    allocationId: string,
    investmentId: string,
    trancheId: string,
    amount: string,
  ) =>
    finance()
      .post('/api/funds/orebro/allocations', {
        allocationId,
        investmentId,
        trancheId,
        amount,
        decidedOn: '2017-03-15',
        decisionRef: 'Ks 301/2017',
        caseVersion: 1,
      })
      .expect(201);
  const cost = (investmentId: string, costId: string, amount: string) =>
    finance()
      .post(`/api/investments/${investmentId}/costs`, {
        costId,
        amount,
        incurredOn: '2017-05-30',
        reference: `Faktura ${costId}`,
      })
      .expect(201);

  let board: Json;
  let fund: Json;

  beforeAll(async () => {
    t = await startTestApp({ clock: () => now });
    await finance().post('/api/funds', FUND).expect(201);
    for (const trancheId of ['t1', 't2', 't3']) {
      await finance()
        .post(`/api/funds/orebro/tranches/${trancheId}/release`, {
          releasedOn: '2016-12-31',
          decisionRef: 'KF 2016/12',
        })
        .expect(201);
    }
    at('2017-02-01T09:00:00.000Z');
    await aDocumentedInvestmentOverHttp(t, 'e-arkiv');
    await aDocumentedInvestmentOverHttp(t, 'bygglov', OTHER_OWNER);
    at('2017-03-15T09:00:00.000Z');
    await allocate('a1', 'e-arkiv', 't2', '1000000.00');
    await allocate('b1', 'bygglov', 't1', '500000.00');
    at('2017-06-01T09:00:00.000Z');
    // 1 000 000 fills a1; 200 000 is beyond e-arkiv's allocations, charged to this fund.
    await cost('e-arkiv', 'c1', '1200000.00');
    await cost('bygglov', 'c2', '300000.00');
    at('2017-06-15T09:00:00.000Z');
    await finance()
      .post('/api/funds/orebro/tranches/t2/close', {
        closedOn: '2017-06-15',
        decisionRef: 'KF 2017/9',
        reason: 'Programmet avslutat',
      })
      .expect(201);
    at('2018-03-05T09:00:00.000Z');
    board = await get(`/api/reports/board?fundId=orebro&asOf=${AS_OF}`);
    fund = await get(`/api/funds/orebro?asOf=${encodeURIComponent(board.asOf)}`);
  });
  afterAll(async () => t.close());

  it("adds each tranche's money up to its amount and shows the fund endpoint's figures", () => {
    expect(board.asOf).toBe(fund.asOf);
    expect(board.tranches.map((tr: Json) => [tr.trancheId, tr.closed])).toEqual([
      ['t1', '0.00'],
      ['t2', '4000000.00'],
      ['t3', '0.00'],
      ['t4', '0.00'],
    ]);
    for (const [i, tr] of board.tranches.entries() as IterableIterator<[number, Json]>) {
      const api = fund.tranches[i];
      for (const field of TRANCHE_MONEY)
        expect([tr.trancheId, field, tr[field]]).toEqual([api.trancheId, field, api[field]]);
      expect([tr.trancheId, sum(PARTS.map((p) => tr[p]))]).toEqual([tr.trancheId, tr.amount]);
    }
    // Each of the four ways money is unallocated occurs.
    expect(board.totals).toMatchObject({
      amount: '20000000.00',
      availableNow: '9500000.00',
      expected: '2000000.00',
      lapsed: '3000000.00',
      closed: '4000000.00',
      allocated: '1500000.00',
    });
  });

  it('totals the tranches and equals the fund totals, spend beyond the allocations included', () => {
    for (const field of TRANCHE_MONEY) {
      expect([field, board.totals[field]]).toEqual([field, fund.totals[field]]);
      expect([field, board.totals[field]]).toEqual([
        field,
        sum(board.tranches.map((tr: Json) => tr[field])),
      ]);
    }
    expect(sum(PARTS.map((p) => board.totals[p]))).toBe(board.totals.amount);
    expect(board.totals.spent).toBe('1300000.00');
    expect(board.totals.spentBeyondAllocations).toBe('200000.00');
    expect(board.totals.spentBeyondAllocations).toBe(fund.totals.spentBeyondAllocations);
    // The investments' spend this fund carries is the tranches' spend and what lies beyond.
    const investmentsSpent = sum(board.investments.map((i: Json) => i.spent));
    expect(investmentsSpent).toBe('1500000.00');
    expect(sum([board.totals.spent, board.totals.spentBeyondAllocations])).toBe(investmentsSpent);
    expect(sum(board.investments.map((i: Json) => i.overspent))).toBe(
      board.totals.spentBeyondAllocations,
    );
  });

  it('gives the closed money and the spend beyond the allocations in the XLSX', async () => {
    for (const [lang, headers] of [
      [
        'sv',
        [
          'Etapp',
          'Status',
          'Belopp',
          'Tillgängligt nu',
          'Väntat',
          'Utgånget, ej tilldelat',
          'Tilldelat',
          'Förbrukat',
          'Hemtaget',
          'Stängt',
          'Förbrukat utöver tilldelningar',
        ],
      ],
      [
        'en',
        [
          'Tranche',
          'Status',
          'Amount',
          'Available now',
          'Expected',
          'Lapsed',
          'Allocated',
          'Spent',
          'Harvested',
          'Closed',
          'Spent beyond allocations',
        ],
      ],
    ] as const) {
      const book = new ExcelJS.Workbook();
      const body = await file(
        `/api/reports/board?fundId=orebro&asOf=${AS_OF}&format=xlsx&lang=${lang}`,
      );
      await book.xlsx.load(body as unknown as ArrayBuffer);
      const sheet = book.getWorksheet(lang === 'sv' ? 'Etapper' : 'Tranches')!;
      expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(headers);
      // The tranche figures' columns, as the headers above name them; spend beyond is column 11.
      const amounts = (row: number) =>
        TRANCHE_MONEY.map((f) => sheet.getRow(row).getCell(TRANCHE_COLUMN[f]).value);
      board.tranches.forEach((tr: Json, i: number) => {
        expect(amounts(i + 2)).toEqual(TRANCHE_MONEY.map((f) => Number(tr[f])));
        // In no tranche.
        expect(sheet.getRow(i + 2).getCell(11).value).toBeNull();
      });
      const totalRow = board.tranches.length + 2;
      expect(sheet.getRow(totalRow).getCell(1).value).toBe(lang === 'sv' ? 'Totalt' : 'Total');
      expect(amounts(totalRow)).toEqual(TRANCHE_MONEY.map((f) => Number(board.totals[f])));
      const beyond = sheet.getRow(totalRow).getCell(11);
      expect(beyond.type).toBe(ExcelJS.ValueType.Number);
      expect(beyond.value).toBe(200000);
      expect(beyond.numFmt).toContain('"kr"');
    }
  });

  it('gives every tranche and total figure, closed and beyond included, in the PDF', async () => {
    for (const lang of ['sv', 'en'] as const) {
      const text = pdfText(
        await file(`/api/reports/board?fundId=orebro&asOf=${AS_OF}&format=pdf&lang=${lang}`),
      );
      const m = (value: string) => formatMoney(value, lang);
      // The table's columns: the unallocated money's four parts, then the allocated.
      const pdfOrder = [
        'amount',
        'availableNow',
        'expected',
        'lapsed',
        'closed',
        'allocated',
        'spent',
        'harvested',
      ];
      expect(text).toContain(
        lang === 'sv'
          ? 'Belopp Tillgängligt nu Väntat Utgånget, ej tilldelat Stängt Tilldelat Förbrukat Hemtaget'
          : 'Amount Available now Expected Lapsed Closed Allocated Spent Harvested',
      );
      for (const row of [...board.tranches, board.totals] as Json[]) {
        expect(text).toContain(pdfOrder.map((f) => m(row[f])).join(' '));
      }
      expect(text).toContain(
        lang === 'sv'
          ? `Förbrukat utöver tilldelningar: ${m('200000.00')} (i ingen etapp; investeringarnas förbrukat, etappernas och detta: ${m('1500000.00')})`
          : `Spent beyond allocations: ${m('200000.00')} (in no tranche; the investments' spend, the tranches' and this: ${m('1500000.00')})`,
      );
    }
  });

  it('names a file in its language, by the Stockholm day it closes on, not the UTC date', async () => {
    // 23:30 UTC on 1 March 2018 is 00:30 on 2 March in Stockholm.
    const res = await auditor()
      .get('/api/reports/board?fundId=orebro&asOf=2018-03-01T23:30:00.000Z&format=pdf')
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(res.headers['content-disposition']).toContain('styrelserapport-orebro-2018-03-02.pdf');
    // In the report's language: an English report is not saved under a Swedish name.
    const english = await auditor()
      .get('/api/reports/board?fundId=orebro&asOf=2018-03-01T23:30:00.000Z&format=pdf&lang=en')
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(english.headers['content-disposition']).toContain('board-report-orebro-2018-03-02.pdf');
  });
});
