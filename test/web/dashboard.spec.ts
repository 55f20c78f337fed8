/**
 * The dashboard in a real browser (chromium through playwright-core, test/support/browser.ts) against the
 * real service on the demo ledger of Örebro's fund (src/demo): what finance, a project lead and an auditor see and may
 * do, the charts drawn, the as-of control replaying the past, and refusals shown in plain
 * words. Screenshots of every page land in test-artifacts/dashboard/.
 */
import ExcelJS from 'exceljs';
import { Page } from 'playwright-core';
import { DrawnChart, horizontalOverflow, readChart } from './support/in-page';
import { PHONE, plain, screenshot } from './support/browser';
import {
  AUDITOR,
  CORRECTED,
  DemoLedger,
  FINANCE,
  FUND_TOTAL,
  OVERDUE,
  TRANCHE_NAMES,
} from './support/demo-ledger';
import { apiAs, kronor, taskSession } from './support/tasks';
import { DEMO_USERS } from '../../src/demo/orebro-demo.data';

const TOTAL_SERIES = ['Ursprunglig prognos', 'Aktuell prognos', 'Utfall', 'Hemtaget'];

describe('the dashboard, in a browser, on the demo ledger', () => {
  // One demo ledger and browser for the file; every page must end without script errors or
  // content-security-policy violations (checked after each test).
  const session = taskSession('dashboard');
  const ledger = (): DemoLedger => session.ledger();
  const as = session.as;

  const openInvestment = async (page: Page, id: string): Promise<void> => {
    await page.goto(`${ledger().url}/#/investments/${id}`);
    await page.locator(`.page.investment[data-investment="${id}"] .chart-total canvas`).waitFor();
  };

  const totalChart = (page: Page): Promise<DrawnChart> =>
    page.locator('.chart-total canvas').evaluate(readChart);

  const figureOf = (chart: DrawnChart, label: string, period: string): number | null =>
    chart.series.find((s) => s.label === label)?.data[chart.labels.indexOf(period)] ?? null;

  const effectiveValue = (page: Page, reportId: string) =>
    page.locator(`.effective-value[data-report="${reportId}"]`);

  const listCell = (page: Page, investmentId: string, column: string) =>
    page.locator(`tr[data-investment="${investmentId}"] td[data-column="${column}"]`);

  it('shows finance the fund: 200 000 000 kr and both tranches, with their bars', async () => {
    const page = await as(FINANCE);
    await page.locator('.chart-savings canvas').waitFor();
    // People are shown by the name the ledger's user register holds, not by their user id.
    const name = DEMO_USERS.find((u) => u.id === FINANCE)?.name;
    expect(await page.locator('.whoami-id').textContent()).toBe(`Inloggad som ${name}`);
    expect(await page.locator('.whoami .role-badge').textContent()).toBe('Ekonomi');
    expect(plain(await page.locator('[data-figure="total"] .figure-value').textContent())).toBe(
      FUND_TOTAL,
    );
    expect(await page.locator('.tranche-table tbody th').allTextContents()).toEqual(TRANCHE_NAMES);
    const bars = await page.locator('.chart-tranches canvas').evaluate(readChart);
    expect(bars.labels).toEqual(TRANCHE_NAMES);
    expect(bars.series.map((s) => s.label)).toEqual([
      'Tilldelat',
      'Kvar att tilldela',
      'Förbrukat',
      'Hemtaget',
    ]);
    expect(bars.painted).toBeGreaterThan(1000);
    await page.locator('.follow-up-table tbody tr', { hasText: OVERDUE.period }).waitFor();
    // The investments per stage, as the whole list has them (the overview counts without it).
    const answer = await fetch(`${ledger().url}/api/investments`, {
      headers: { authorization: `Bearer ${ledger().tokenFor(FINANCE)}` },
    });
    const { investments } = (await answer.json()) as { investments: { stage: string }[] };
    type StageItem = {
      getAttribute(name: string): string | null;
      querySelector(selector: string): { textContent: string | null } | null;
    };
    const shown = await page
      .locator('.stage-counts li')
      .evaluateAll((items: StageItem[]) =>
        items.map((li) => [li.getAttribute('data-stage'), li.querySelector('strong')?.textContent]),
      );
    expect(shown.length).toBeGreaterThanOrEqual(5);
    for (const [stage, count] of shown) {
      expect(count).toBe(String(investments.filter((i) => i.stage === stage).length));
    }
    expect(shown.some(([, count]) => count !== '0')).toBe(true);
    // Counted from a page of one per stage: the whole list (every investment's figures to date)
    // is not asked for.
    const lists: URL[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/api/investments') lists.push(url);
    });
    await page.reload();
    await page.locator('.stage-counts li strong').first().waitFor();
    expect(lists.length).toBe(shown.length);
    for (const url of lists) expect(url.searchParams.get('limit')).toBe('1');
    await screenshot(page, 'overview-finance');
  });

  it('draws an investment: the total of baseline, current forecast, actual and harvested, and a chart per line', async () => {
    const page = await as(FINANCE);
    await openInvestment(page, CORRECTED.investmentId);
    expect(await page.locator('h1').textContent()).toBe(CORRECTED.title);
    const chart = await totalChart(page);
    expect(chart.series.map((s) => s.label)).toEqual(TOTAL_SERIES);
    expect(chart.painted).toBeGreaterThan(1000);
    const lines = await page.locator('.case-lines tbody tr').count();
    expect(await page.locator('.line-chart canvas').count()).toBe(lines);
    expect(await page.locator('.kpi-table').count()).toBe(2);
    await screenshot(page, 'investment-finance');

    await page.getByLabel('Ackumulerat').check();
    const cumulative = await totalChart(page);
    const actual = (c: DrawnChart) => c.series.find((s) => s.label === 'Utfall')?.data ?? [];
    const reported = actual(chart).filter((v): v is number => v !== null);
    expect(
      actual(cumulative)
        .filter((v) => v !== null)
        .at(-1),
    ).toBe(reported.reduce((a, b) => a + b, 0));
  });

  it('replays the past: as of a day before the correction, the report shows its first figure', async () => {
    const page = await as(AUDITOR);
    await openInvestment(page, CORRECTED.investmentId);
    const value = effectiveValue(page, CORRECTED.reportId);
    expect(plain(await value.textContent())).toMatch(new RegExp(`^${kronor(CORRECTED.corrected)}`));
    const now = await totalChart(page);

    await page.getByLabel('Visa läget per').fill(CORRECTED.beforeCorrection);
    await page.getByRole('button', { name: 'Visa', exact: true }).click();
    await page.locator('.asof-banner').waitFor();
    await value
      .filter({ hasText: new RegExp(`^${kronor(CORRECTED.reported).replace(/ /g, '\\s')}$`) })
      .waitFor();
    const then = await totalChart(page);
    const period = CORRECTED.reportPeriod;
    expect((figureOf(now, 'Utfall', period) ?? 0) - (figureOf(then, 'Utfall', period) ?? 0)).toBe(
      Number(CORRECTED.corrected) - Number(CORRECTED.reported),
    );
    expect(page.url()).toContain(`asOf=${CORRECTED.beforeCorrection}`);
    expect(
      await page.locator('.timeline-entry.later[data-type="EffectReportCorrected"]').count(),
    ).toBeGreaterThan(0);
    await screenshot(page, 'investment-as-of-before-correction');

    await page.getByRole('button', { name: 'Tillbaka till nu' }).click();
    await page.locator('.asof-banner').waitFor({ state: 'detached' });
    // The banner goes at once; the page's figures follow when the live answers arrive.
    await value
      .filter({ hasText: new RegExp(`^${kronor(CORRECTED.corrected).replace(/ /g, '\\s')}`) })
      .waitFor();
    expect(plain(await value.textContent())).toMatch(new RegExp(`^${kronor(CORRECTED.corrected)}`));
  });

  it('lets a project lead report the overdue effect and correct it; the investments table updates', async () => {
    const page = await as(OVERDUE.projectLead);
    await page.goto(`${ledger().url}/#/investments`);
    const overdue = listCell(page, OVERDUE.investmentId, 'overdue');
    const actual = listCell(page, OVERDUE.investmentId, 'actualToDate');
    await overdue.waitFor();
    const overdueBefore = Number(plain(await overdue.textContent()));
    const actualBefore = plain(await actual.textContent());
    expect(overdueBefore).toBeGreaterThan(0);
    await screenshot(page, 'investments-project-lead');

    await openInvestment(page, OVERDUE.investmentId);
    const form = page.locator('form.report-form');
    await form.getByLabel('Nytta').selectOption(OVERDUE.benefitLineId);
    await form.getByLabel('Period').fill(OVERDUE.period);
    await form.getByLabel('Värde').fill('6 000 000');
    await form.getByLabel('Underlag').fill('Planeringssystemets restidsrapport 2020');
    await form.getByRole('button', { name: 'Rapportera' }).click();
    await page
      .locator('.reports-table tbody tr', { hasText: OVERDUE.period })
      .filter({ hasText: '6 000 000' })
      .waitFor();
    await screenshot(page, 'investment-project-lead-reported');

    const correct = page.locator('form.correction-form');
    const reportId = await correct
      .locator('option', { hasText: new RegExp(`${OVERDUE.period} · 6\\s000\\s000\\skr`) })
      .getAttribute('value');
    await correct.getByLabel('Rapport').selectOption(reportId ?? '');
    await correct.getByLabel('Nytt värde').fill('6 100 000');
    await correct.getByLabel('Skäl till rättelsen').fill('Decembers restider saknades');
    await correct.getByRole('button', { name: 'Rätta' }).click();
    await effectiveValue(page, reportId ?? '')
      .filter({ hasText: /^6\s100\s000\skr/ })
      .waitFor();

    await page.goto(`${ledger().url}/#/investments`);
    await overdue.filter({ hasText: String(overdueBefore - 1) }).waitFor();
    expect(plain(await actual.textContent())).not.toBe(actualBefore);
  });

  it('shows a refusal of the ledger in plain words next to the field', async () => {
    const page = await as(OVERDUE.projectLead);
    await openInvestment(page, OVERDUE.investmentId);
    const form = page.locator('form.report-form');
    await form.getByLabel('Nytta').selectOption(OVERDUE.benefitLineId);
    await form.getByLabel('Period').fill(OVERDUE.reportedPeriod ?? '');
    await form.getByLabel('Värde').fill('1');
    await form.getByLabel('Underlag').fill('Dubblett');
    await form.getByRole('button', { name: 'Rapportera' }).click();
    const error = form.locator('.field-error[data-field="period"]');
    await error.waitFor();
    expect(await error.textContent()).toContain('Perioden är redan rapporterad');
    expect(await form.getByLabel('Period').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'investment-refusal');
  });

  it('lets finance allocate and reduce; an overdraft is refused next to the amount', async () => {
    const page = await as(FINANCE);
    await openInvestment(page, OVERDUE.investmentId);
    const allocate = page.locator('form.allocate-form');
    await allocate.getByLabel('Etapp').selectOption({ index: 0 });
    await allocate.getByLabel('Belopp (kr)').fill('999 000 000');
    await allocate.getByLabel('Beslut (diarienummer)').fill('Ks 999/2026');
    // Its case raises running costs: the board's override goes with the decision (issue 15).
    await allocate.getByLabel('Beslut om undantag (valfritt)').fill('Ks 998/2026 § 1');
    await allocate.getByRole('button', { name: 'Tilldela' }).click();
    const refusal = allocate.locator('.field-error[data-field="amount"]');
    await refusal.waitFor();
    expect(plain(await refusal.textContent())).toMatch(
      /^Etappen räcker inte: [0-9 ]+ kr finns kvar att tilldela\.$/,
    );

    await allocate.getByLabel('Belopp (kr)').fill('100 000');
    await allocate.getByRole('button', { name: 'Tilldela' }).click();
    const row = page.locator('.allocations-table tbody tr', { hasText: 'Ks 999/2026' });
    await row.waitFor();
    expect(plain(await row.textContent())).toContain('100 000 kr');

    const reduce = page.locator('form.reduce-form');
    await reduce
      .getByLabel('Tilldelning')
      .selectOption({ label: `Ks 999/2026 · ${kronor('100000.00')}` });
    await reduce.getByLabel('Belopp att återföra (kr)').fill('40 000');
    await reduce.getByLabel('Beslut (diarienummer)').fill('Ks 1000/2026');
    await reduce.getByLabel('Skäl').fill('Upphandlingen blev billigare');
    await reduce.getByRole('button', { name: 'Minska' }).click();
    await row.filter({ hasText: '40 000 kr' }).waitFor();
    await screenshot(page, 'investment-finance-allocated');
  });

  it('gives an auditor no write forms', async () => {
    const page = await as(AUDITOR);
    expect(await page.locator('.whoami .role-badge').textContent()).toBe('Revisor');
    await openInvestment(page, CORRECTED.investmentId);
    expect(await page.locator('form.write-form').count()).toBe(0);
    expect(await page.locator('.timeline-entry').count()).toBeGreaterThan(5);
    // Who recorded each event, by name (the id on hover).
    const finance = DEMO_USERS.find((u) => u.id === FINANCE);
    const who = page.locator(`.timeline-who[title="${FINANCE}"]`).first();
    expect(await who.textContent()).toBe(`${finance?.name} (Ekonomi)`);
    await screenshot(page, 'investment-auditor');
  });

  /** Does `action` and waits until the table shows the server's answer to the list request it makes. */
  const listAnswered = async (page: Page, action: () => Promise<void>): Promise<void> => {
    await Promise.all([
      page.waitForResponse(
        (r) => r.url().includes('/api/investments?') && r.url().includes('limit=50'),
      ),
      action(),
    ]);
    await page.locator('.page.investments [aria-busy="true"]').waitFor({ state: 'detached' });
  };

  const listAsApi = async (query: string) => {
    const answer = await fetch(`${ledger().url}/api/investments${query}`, {
      headers: { authorization: `Bearer ${ledger().tokenFor(FINANCE)}` },
    });
    return (await answer.json()) as {
      investments: { investmentId: string; title: string; stage: string }[];
      total: number;
      departments: string[];
    };
  };

  it('sorts the investments table by a column and filters it by stage, on the server', async () => {
    const page = await as(FINANCE);
    await page.goto(`${ledger().url}/#/investments`);
    const rows = page.locator('.investments-table tbody tr');
    await rows.first().waitFor();
    const all = await rows.count();
    const sortButton = page.getByRole('button', { name: 'Tilldelat', exact: true });
    await listAnswered(page, () => sortButton.click());
    const header = page.locator('th[data-key="allocated"]');
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    const amountsShown = async () =>
      (await page.locator('td[data-column="allocated"]').allTextContents()).map((text) =>
        Number(plain(text).replace(/[^0-9]/g, '')),
      );
    const ascending = await amountsShown();
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    expect(new Set(ascending).size).toBeGreaterThan(1);
    await listAnswered(page, () =>
      page.getByRole('button', { name: 'Tilldelat', exact: true }).click(),
    );
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    expect(await amountsShown()).toEqual([...ascending].sort((a, b) => b - a));
    // The button pressed keeps the focus through the redraw.
    expect(await page.evaluate('document.activeElement?.closest("th")?.dataset.key')).toBe(
      'allocated',
    );

    await listAnswered(page, () =>
      page
        .getByLabel('Skede')
        .selectOption('closed')
        .then(() => {}),
    );
    const closed = await rows.count();
    expect(closed).toBeGreaterThan(0);
    expect(closed).toBeLessThan(all);
    expect(closed).toBe((await listAsApi('?stage=closed')).total);
    expect(await page.locator('td[data-column="stage"]').allTextContents()).toEqual(
      Array(closed).fill('avslutad'),
    );
    // Back to every stage, in title order, for the tests after.
    await listAnswered(page, () =>
      page
        .getByLabel('Skede')
        .selectOption('')
        .then(() => {}),
    );
    await listAnswered(page, () =>
      page.getByRole('button', { name: 'Investering', exact: true }).click(),
    );
  });

  it('downloads the investments table as CSV in the Swedish Excel dialect on the Swedish page', async () => {
    const page = await as(FINANCE);
    await page.goto(`${ledger().url}/#/investments`);
    await page.locator('.investments-table tbody tr').first().waitFor();
    // Every investment the filters leave, whatever the page shows.
    const rows = (await listAsApi('')).total;
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Ladda ner CSV' }).click(),
    ]);
    const chunks: Buffer[] = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
    const file = Buffer.concat(chunks).toString('utf8');
    // Swedish Excel reads UTF-8 only after a byte-order mark, and columns only with semicolons.
    expect(file.startsWith('\ufeff')).toBe(true);
    const lines = file.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe(
      'Investering;Titel;Förvaltning;Skede;Tilldelat;Förbrukat;Prognos hittills;Utfall hittills;Realiseringsgrad;Indikatorstatus;Försenade rapporter',
    );
    expect(lines).toHaveLength(rows + 1);
    const corrected = lines.find((l) => l.startsWith(`${CORRECTED.investmentId};`));
    // Amounts with a decimal comma, as numbers (never quoted or escaped as text).
    expect(corrected).toMatch(/;[0-9]+,[0-9]{2};/);
    const answer = await fetch(`${ledger().url}/api/investments/${CORRECTED.investmentId}`, {
      headers: { authorization: `Bearer ${ledger().tokenFor(FINANCE)}` },
    });
    const investment = (await answer.json()) as { allocated: string; spent: string };
    const cells = corrected?.split(';') ?? [];
    expect(cells[4]).toBe(investment.allocated.replace('.', ','));
    expect(cells[5]).toBe(investment.spent.replace('.', ','));
    await screenshot(page, 'investments-finance');
  });

  it('downloads the board report as PDF and Excel, as of the moment shown', async () => {
    const page = await as(AUDITOR);
    await page.locator('.board-files').first().waitFor();
    await page.getByLabel('Visa läget per').fill(CORRECTED.beforeCorrection);
    await page.getByRole('button', { name: 'Visa', exact: true }).click();
    await page.locator('.asof-banner').waitFor();
    const headers = { authorization: `Bearer ${ledger().tokenFor(AUDITOR)}` };
    const funds = (await (await fetch(`${ledger().url}/api/funds`, { headers })).json()) as {
      funds: { fundId: string }[];
    };
    const fundId = funds.funds[0]!.fundId;
    const board = (await (
      await fetch(
        `${ledger().url}/api/reports/board?fundId=${fundId}&asOf=${CORRECTED.beforeCorrection}`,
        { headers },
      )
    ).json()) as { asOf: string; ledger: { digest: string } };
    const fileFrom = async (button: string): Promise<{ name: string; bytes: Buffer }> => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: button }).first().click(),
      ]);
      const chunks: Buffer[] = [];
      for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
      return { name: download.suggestedFilename(), bytes: Buffer.concat(chunks) };
    };
    const pdf = await fileFrom('Ladda ner PDF');
    expect(pdf.name).toBe(`styrelserapport-${fundId}-${CORRECTED.beforeCorrection}.pdf`);
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    // The workbook is the API's report for the moment shown: its moment and its digest.
    const xlsx = await fileFrom('Ladda ner Excel');
    expect(xlsx.name).toBe(`styrelserapport-${fundId}-${CORRECTED.beforeCorrection}.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const texts: string[] = [];
    book.worksheets[0]!.eachRow((row) =>
      row.eachCell((cell) => {
        texts.push(String(cell.value));
      }),
    );
    // "Per" reads as the PDF prints it: the Stockholm day, then the exact instant.
    expect(texts.some((text) => text.includes(`(${board.asOf})`))).toBe(true);
    expect(texts).toEqual(expect.arrayContaining([board.ledger.digest]));
  });

  it('speaks English on request and fits a phone screen, forms included', async () => {
    const page = await as(OVERDUE.projectLead, PHONE);
    await page.getByLabel('Språk').selectOption('en');
    await page.locator('h1', { hasText: 'Fund overview' }).waitFor();
    expect(plain(await page.locator('[data-figure="total"] .figure-value').textContent())).toBe(
      'SEK 200,000,000',
    );
    expect(await page.evaluate(horizontalOverflow)).toBeLessThanOrEqual(0);
    await screenshot(page, 'overview-phone-english');

    await openInvestment(page, OVERDUE.investmentId);
    await page.locator('form.correction-form').waitFor();
    expect(await page.evaluate(horizontalOverflow)).toBeLessThanOrEqual(0);
    await screenshot(page, 'investment-phone-english');
  });

  it('shows a long list a page at a time, searched on the server', async () => {
    // Enough investments for more than one page of fifty.
    const lead = apiAs(ledger(), 'lena.lind');
    const before = (await listAsApi('')).total;
    const added = Math.max(0, 61 - before);
    for (let i = 1; i <= added; i++) {
      const n = String(i).padStart(2, '0');
      await lead('POST', '/api/investments', {
        investmentId: `sidtest-${n}`,
        title: `Sidtest ${n}`,
        department: 'Sidförvaltningen',
        projectLead: 'lena.lind',
        need: 'Fler rader än en sida',
      });
    }
    const whole = await listAsApi('?sort=title');
    expect(whole.total).toBeGreaterThan(50);
    const page = await as(FINANCE);
    await page.goto(`${ledger().url}/#/investments`);
    const rows = page.locator('.investments-table tbody tr');
    await rows.first().waitFor();
    const count = page.locator('.page.investments .count');
    const total = whole.total.toLocaleString('sv-SE');
    expect(plain(await count.textContent())).toBe(`1–50 av ${plain(total)} investeringar`);
    expect(await rows.count()).toBe(50);
    const ids = () =>
      rows.evaluateAll((trs: { dataset: { investment?: string } }[]) =>
        trs.map((tr) => tr.dataset.investment ?? ''),
      );
    // The server's title order, a page at a time.
    expect(await ids()).toEqual(whole.investments.slice(0, 50).map((i) => i.investmentId));
    expect(await page.locator('.pager-previous').isDisabled()).toBe(true);
    await listAnswered(page, () => page.locator('.pager-next').click());
    expect(plain(await count.textContent())).toBe(
      `51–${whole.total} av ${plain(total)} investeringar`,
    );
    expect(await ids()).toEqual(whole.investments.slice(50).map((i) => i.investmentId));
    expect(await page.locator('.pager-next').isDisabled()).toBe(true);
    await screenshot(page, 'investments-second-page');
    await listAnswered(page, () => page.locator('.pager-previous').click());
    expect(await ids()).toEqual(whole.investments.slice(0, 50).map((i) => i.investmentId));

    // A search over titles and ids, answered by the server once typing pauses.
    await listAnswered(page, () => page.getByLabel('Sök').fill('sidtest 0'));
    const found = await listAsApi(`?sort=title&q=${encodeURIComponent('sidtest 0')}`);
    expect(found.total).toBeGreaterThan(0);
    expect(await ids()).toEqual(found.investments.map((i) => i.investmentId));
    expect(plain(await count.textContent())).toBe(
      `1–${found.total} av ${found.total} investeringar`,
    );
    // The department filter offers every department of the list, the new one too.
    const departments = await page.getByLabel('Förvaltning').locator('option').allTextContents();
    expect(departments.slice(1)).toEqual(whole.departments);
    expect(departments).toContain('Sidförvaltningen');
    await listAnswered(page, () => page.getByLabel('Sök').fill(''));

    // Only the investments over their allocation, as the server counts them.
    const over = await listAsApi('?overspent=true');
    await listAnswered(page, () => page.getByLabel('Bara över tilldelat').check());
    expect(await ids()).toEqual(over.investments.map((i) => i.investmentId).slice(0, 50));
    await listAnswered(page, () => page.getByLabel('Bara över tilldelat').uncheck());
    expect(await rows.count()).toBe(50);
  });

  it('pages a long timeline, and reads as far as the moment shown', async () => {
    // A hundred corrections of one report: more events than a page of the timeline holds.
    const auth = { authorization: `Bearer ${ledger().tokenFor(AUDITOR)}` };
    const inv = (await (
      await fetch(`${ledger().url}/api/investments/${CORRECTED.investmentId}`, { headers: auth })
    ).json()) as { projectLead: string };
    const lead = apiAs(ledger(), inv.projectLead);
    for (let i = 0; i < 100; i++) {
      await lead(
        'POST',
        `/api/investments/${CORRECTED.investmentId}/effect-reports/${CORRECTED.reportId}/corrections`,
        { value: `${1000 + i}.00`, reason: `Avstämning ${i + 1}` },
      );
    }
    const history = (await (
      await fetch(`${ledger().url}/api/investments/${CORRECTED.investmentId}/history?limit=10000`, {
        headers: auth,
      })
    ).json()) as { events: { position: string; recordedAt: string }[] };
    const all = history.events.length;
    expect(all).toBeGreaterThan(100);

    const page = await as(AUDITOR);
    await openInvestment(page, CORRECTED.investmentId);
    const entries = page.locator('.timeline-entry');
    expect(await entries.count()).toBe(100);
    expect(plain(await page.locator('.timeline ~ .later-note').textContent())).toBe(
      'Visar de första 100 händelserna; fler finns.',
    );
    await page.getByRole('button', { name: 'Visa 100 till' }).click();
    await page
      .locator(`.timeline-entry[data-position="${history.events[100].position}"]`)
      .waitFor();
    expect(all).toBeLessThanOrEqual(200);
    expect(await entries.count()).toBe(all);
    expect(await page.getByRole('button', { name: 'Visa 100 till' }).isHidden()).toBe(true);
    // Each correction still shows the value it replaced, across the pages read.
    const last = history.events[all - 1];
    const lastEntry = page.locator(`.timeline-entry[data-position="${last.position}"]`);
    expect(plain(await lastEntry.locator('.old-value').textContent())).toBe(kronor('1098.00'));
    expect(plain(await lastEntry.locator('.new-value').textContent())).toBe(kronor('1099.00'));

    // Moved to an event past the first page, the timeline reads as far as it and marks it.
    const target = history.events[all - 2];
    await page.goto(
      `${ledger().url}/#/investments/${CORRECTED.investmentId}?asOf=${encodeURIComponent(target.recordedAt)}&asOfPosition=${target.position}`,
    );
    // The page drawn for that moment (the one before it had every event too, none marked).
    const shown = page.locator('.timeline-entry[aria-current="time"]');
    await shown.waitFor();
    expect(await shown.getAttribute('data-position')).toBe(target.position);
    expect(
      await page.locator(`.timeline-entry[data-position="${last.position}"]`).getAttribute('class'),
    ).toContain('later');
    await screenshot(page, 'investment-long-timeline');
  });

  it('lists the longest overdue reports first on the overview, and every one on request', async () => {
    const LATE_OWNER = 'sara.nilsson';
    // A new case version of an approved investment with monthly forecasts for every month of
    // its horizon on three new lines: far more overdue reports than the overview lists at first.
    const auth = { authorization: `Bearer ${ledger().tokenFor(AUDITOR)}` };
    const current = (await (
      await fetch(`${ledger().url}/api/investments/${OVERDUE.investmentId}`, { headers: auth })
    ).json()) as {
      benefitCase: { startYear: number; horizonYears: number; benefits: object[] };
    };
    const { startYear, horizonYears } = current.benefitCase;
    const months = Array.from({ length: horizonYears * 12 }, (_, i) => {
      const year = startYear + Math.floor(i / 12);
      return `${year}-${String((i % 12) + 1).padStart(2, '0')}`;
    });
    const monthlyLine = (benefitLineId: string) => ({
      benefitLineId,
      description: `Månadsvis besparing ${benefitLineId}`,
      class: 'financial',
      // An owner listed after the demo's overdue owners: by owner, these oldest reports would
      // come last; the longest overdue first, they come first.
      owner: LATE_OWNER,
      indicator: {
        unit: 'SEK/month',
        baseline: '0',
        target: '1000',
        direction: 'increase',
        method: 'Fakturor',
        frequency: 'monthly',
      },
      forecast: months.map((period) => ({ period, amount: '1000.00' })),
    });
    await apiAs(ledger(), OVERDUE.projectLead)(
      'PUT',
      `/api/investments/${OVERDUE.investmentId}/benefit-case`,
      {
        ...current.benefitCase,
        benefits: [
          ...current.benefitCase.benefits,
          monthlyLine('manad-a'),
          monthlyLine('manad-b'),
          monthlyLine('manad-c'),
        ],
      },
    );
    const followUp = (await (
      await fetch(`${ledger().url}/api/reports/follow-up`, { headers: auth })
    ).json()) as { total: number; owners: { overdue: { daysOverdue: number }[] }[] };
    expect(followUp.total).toBeGreaterThan(100);
    const longest = followUp.owners
      .flatMap((o) => o.overdue.map((r) => r.daysOverdue))
      .sort((a, b) => b - a);

    const page = await as(FINANCE);
    const rows = page.locator('.follow-up-table tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(100);
    expect(plain(await page.locator('.follow-up-more').textContent())).toContain(
      `Visar de 100 mest försenade av ${plain(followUp.total.toLocaleString('sv-SE'))}.`,
    );
    const days = (await page.locator('.follow-up-table tbody td:last-child').allTextContents()).map(
      (text) => Number(plain(text).replace(/[^0-9]/g, '')),
    );
    expect(days).toEqual(longest.slice(0, 100));
    await page.getByRole('button', { name: /^Visa alla/ }).click();
    await rows.nth(100).waitFor();
    expect(await rows.count()).toBe(followUp.total);
    expect(await page.locator('.follow-up-more').count()).toBe(0);
  });
});
