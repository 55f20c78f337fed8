/**
 * An auditor's whole job in the browser, on the demo ledger: verify the hash chain and keep a
 * digest (then verify against it), download the change report (CSV) and an investment's
 * history, read corrections as old → new, and move the page to right after one event even when
 * another event shares its instant. Screenshots in test-artifacts/dashboard/auditor-*.png.
 */
import { parse } from 'csv-parse/sync';
import { Locator, Page } from 'playwright-core';
import { DEMO_AUDITOR, DEMO_INVESTMENTS } from '../../src/demo/orebro-demo.data';
import { plain } from './support/browser';
import { CORRECTED } from './support/demo-ledger';
import { kronor, taskSession, TASK_TIMEOUT_MS } from './support/tasks';

interface HistoryEvent {
  readonly position: string;
  readonly type: string;
  readonly recordedAt: string;
  readonly stateAfter: { readonly stage: string };
}

const downloadedText = async (page: Page, click: () => Promise<void>) => {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return { name: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
};

/** Waits until the choice offers `n` options (it is filled from the service after typing stops). */
const optionCount = async (choice: Locator, n: number): Promise<void> => {
  const deadline = Date.now() + 10_000;
  while ((await choice.locator('option').count()) !== n) {
    if (Date.now() > deadline) throw new Error(`the choice never offered ${n} investments`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe('an auditor, in the browser', () => {
  const session = taskSession('auditor');

  it(
    'verifies the chain, takes a digest and verifies the history against it',
    async () => {
      const page = await session.as(DEMO_AUDITOR);
      await page.getByRole('link', { name: 'Granskning' }).click();
      await page.locator('h1', { hasText: 'Granskning' }).waitFor();
      expect(await page.locator('form.write-form').count()).toBe(0);

      await page.getByRole('button', { name: 'Kontrollera' }).click();
      const verdict = page.locator('.verify-result .verify-verdict');
      await verdict.waitFor();
      const head = await session.read<{ eventsChecked: number }>('/api/audit/verify');
      expect(plain(await verdict.textContent())).toBe(
        `Kedjan är hel: ${plain(new Intl.NumberFormat('sv-SE').format(head.eventsChecked))} händelser kontrollerade.`,
      );

      await page.getByRole('button', { name: 'Hämta sammanfattning' }).click();
      const digest = page.locator('.digest-value');
      await digest.waitFor();
      const digestText = (await digest.textContent()) ?? '';
      expect(digestText).toMatch(/^v1:[a-z]+:\d+:[0-9a-f]{64}$/);

      await page.getByLabel('Sparad sammanfattning (valfri)').fill(digestText);
      await page.getByRole('button', { name: 'Kontrollera' }).click();
      const matches = page.locator('.digest-verdict.ok');
      await matches.waitFor();
      expect(plain(await matches.textContent())).toBe(
        `Historiken fram till position ${digestText.split(':')[2]} är oförändrad.`,
      );
      await session.shot(page, 'verified');
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'downloads the change report of a period as CSV, every event of the period in it',
    async () => {
      const page = await session.as(DEMO_AUDITOR);
      await page.goto(`${session.ledger().url}/#/audit`);
      await page.getByLabel('Från och med').fill('2017-01-01');
      await page.getByLabel('Till och med').fill('2017-12-31');
      const file = await downloadedText(page, () =>
        page.getByRole('button', { name: 'Ladda ner ändringsrapporten (CSV)' }).click(),
      );
      expect(file.name).toBe('andringar-2017-01-01-2017-12-31.csv');
      const text = file.text.replace(/^\ufeff/, '');
      const delimiter = text.split(/\r?\n/)[0].includes(';') ? ';' : ',';
      const rows = parse(text, { columns: true, delimiter }) as Record<string, string>[];
      let expected = 0;
      let after = '0';
      for (;;) {
        const pageOf = await session.read<{ events: unknown[]; next: string | null }>(
          `/api/audit/changes?from=2017-01-01&to=2017-12-31&limit=1000&after=${after}`,
        );
        expected += pageOf.events.length;
        if (!pageOf.next) break;
        after = pageOf.next;
      }
      expect(expected).toBeGreaterThan(0);
      expect(rows).toHaveLength(expected);
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'reads people by their names from the register: the project lead and each line owner',
    async () => {
      const people = await session.read<{ id: string; name: string | null }[]>('/api/people');
      const nameOf = (id: string): string => people.find((p) => p.id === id)?.name ?? id;
      const inv = await session.read<{
        projectLead: string;
        benefitCase: { benefits: { description: string; owner: string }[] };
      }>(`/api/investments/${CORRECTED.investmentId}`);
      expect(nameOf(inv.projectLead)).not.toBe(inv.projectLead);
      const page = await session.as(DEMO_AUDITOR);
      await session.openInvestment(page, CORRECTED.investmentId);
      const lead = page.locator('.facts div', { hasText: 'Projektledare' }).locator('dd');
      expect(plain(await lead.textContent())).toBe(nameOf(inv.projectLead));
      for (const line of inv.benefitCase.benefits) {
        const row = page.locator('table.case-lines tr', { hasText: line.description });
        expect(plain(await row.textContent())).toContain(nameOf(line.owner));
      }
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'saves the files of the English page under English names',
    async () => {
      const page = await session.as(DEMO_AUDITOR);
      await page.goto(`${session.ledger().url}/#/audit`);
      await page.getByLabel('Språk').selectOption('en');
      await page.locator('html[lang="en"]').waitFor();
      const changes = await downloadedText(page, () =>
        page.getByRole('button', { name: 'Download the change report (CSV)' }).click(),
      );
      expect(changes.name).toBe('changes-start-now.csv');
      await session.openInvestment(page, CORRECTED.investmentId);
      const history = await downloadedText(page, () =>
        page
          .locator('.history-download')
          .getByRole('button', { name: 'Download the history' })
          .click(),
      );
      expect(history.name).toBe(`history-${CORRECTED.investmentId}.json`);
    },
    TASK_TIMEOUT_MS,
  );

  it(
    "downloads an investment's whole history, the events the timeline lists",
    async () => {
      const page = await session.as(DEMO_AUDITOR);
      await session.openInvestment(page, CORRECTED.investmentId);
      const entries = await page.locator('.timeline-entry').count();
      const file = await downloadedText(page, () =>
        page
          .locator('.history-download')
          .getByRole('button', { name: 'Ladda ner historiken' })
          .click(),
      );
      expect(file.name).toBe(`historik-${CORRECTED.investmentId}.json`);
      const history = JSON.parse(file.text) as { events: HistoryEvent[]; complete: boolean };
      expect(history.complete).toBe(true);
      expect(history.events).toHaveLength(entries);
      const api = await session.read<{ events: HistoryEvent[] }>(
        `/api/investments/${CORRECTED.investmentId}/history`,
      );
      expect(history.events.map((e) => e.position)).toEqual(api.events.map((e) => e.position));
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'finds an investment on the audit page by part of its title and downloads its history',
    async () => {
      const page = await session.as(DEMO_AUDITOR);
      await page.getByRole('link', { name: 'Granskning' }).click();
      await page.locator('h1', { hasText: 'Granskning' }).waitFor();
      const choice = page.locator('select[name="investment"]');
      const listed = await session.read<{ total: number }>('/api/investments?limit=1');
      // The first page of choices: every investment of the demo, at most 50.
      await optionCount(choice, Math.min(listed.total, 50));
      const word = CORRECTED.title.split(' ').reduce((a, b) => (b.length > a.length ? b : a));
      const matching = await session.read<{ investments: { investmentId: string }[] }>(
        `/api/investments?q=${encodeURIComponent(word)}`,
      );
      expect(matching.investments.length).toBeLessThan(listed.total);
      await page.locator('input[name="investment-search"]').fill(word);
      await optionCount(choice, matching.investments.length);
      expect(
        await choice.locator('option').evaluateAll((os) => os.map((o) => o.getAttribute('value'))),
      ).toEqual(matching.investments.map((i) => i.investmentId));
      await choice.selectOption(CORRECTED.investmentId);
      const file = await downloadedText(page, () =>
        page.getByRole('button', { name: 'Ladda ner historiken' }).click(),
      );
      expect(file.name).toBe(`historik-${CORRECTED.investmentId}.json`);
      const history = JSON.parse(file.text) as { investmentId: string; complete: boolean };
      expect(history).toMatchObject({ investmentId: CORRECTED.investmentId, complete: true });

      await page.locator('input[name="investment-search"]').fill('ingen-sådan-investering');
      await page.locator('.history-choices', { hasText: 'Ingen investering matchar' }).waitFor();
      expect(await choice.locator('option').count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Ladda ner historiken' }).isDisabled()).toBe(
        true,
      );
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'reads a correction as old → new, in the reports and in the timeline',
    async () => {
      const page = await session.as(DEMO_AUDITOR);
      await session.openInvestment(page, CORRECTED.investmentId);
      const chain = page.locator(`.corrections[data-report="${CORRECTED.reportId}"] li`).first();
      expect(plain(await chain.locator('.old-value').textContent())).toBe(
        kronor(CORRECTED.reported),
      );
      expect(plain(await chain.locator('.new-value').textContent())).toBe(
        kronor(CORRECTED.corrected),
      );
      const entry = page
        .locator('.timeline-entry[data-type="EffectReportCorrected"]')
        .filter({ hasText: kronor(CORRECTED.corrected) })
        .first();
      expect(plain(await entry.locator('.change').textContent())).toBe(
        `: ${kronor(CORRECTED.reported)} → ändrades till ${kronor(CORRECTED.corrected)}`,
      );
      // The count of corrections in words that fit it: "1 gång", "2 gånger", never "gång(er)".
      const { effectReports } = await session.read<{
        effectReports: { reportId: string; corrections: unknown[] }[];
      }>(`/api/investments/${CORRECTED.investmentId}`);
      const n = effectReports.find((r) => r.reportId === CORRECTED.reportId)!.corrections.length;
      expect(
        plain(
          await page
            .locator(`.effective-value[data-report="${CORRECTED.reportId}"] small`)
            .textContent(),
        ),
      ).toBe(`(rättad ${n} ${n === 1 ? 'gång' : 'gånger'})`);
      await session.shot(page, 'corrections');
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'reads why each harvest was taken, a förhandsreduktion marked as one',
    async () => {
      const investment = DEMO_INVESTMENTS.find((i) =>
        i.steps.some((x) => x.do === 'harvest' && x.aheadOfRealisation === true),
      )!;
      const harvests = investment.steps.flatMap((x) =>
        x.do === 'harvest' && x.refusedWith === undefined ? [x] : [],
      );
      const page = await session.as(DEMO_AUDITOR);
      await session.openInvestment(page, investment.investmentId);
      const table = page.locator('.harvests-table');
      const column = (await table.locator('thead th').allTextContents()).map(plain).indexOf('Skäl');
      expect(column).toBeGreaterThan(0);
      for (const harvest of harvests) {
        const row = table.locator('tbody tr', { hasText: harvest.decisionRef }).filter({
          hasText: String(harvest.fiscalYear),
        });
        const why = plain(await row.locator('th, td').nth(column).textContent());
        expect({ harvestId: harvest.harvestId, why }).toEqual({
          harvestId: harvest.harvestId,
          why:
            harvest.aheadOfRealisation === true
              ? `Förhandsreduktion: ${harvest.reason}`
              : (harvest.reason ?? ''),
        });
      }
    },
    TASK_TIMEOUT_MS,
  );

  it(
    'shows the ledger right after the chosen event, though the next event has the same instant',
    async () => {
      const { events } = await session.read<{ events: HistoryEvent[] }>(
        `/api/investments/${CORRECTED.investmentId}/history`,
      );
      // Two events of one instant whose states differ: only the position tells them apart.
      const index = events.findIndex(
        (e, i) =>
          i + 1 < events.length &&
          events[i + 1].recordedAt === e.recordedAt &&
          events[i + 1].stateAfter.stage !== e.stateAfter.stage,
      );
      expect(index).toBeGreaterThanOrEqual(0);
      const [first, second] = [events[index], events[index + 1]];

      const page = await session.as(DEMO_AUDITOR);
      await session.openInvestment(page, CORRECTED.investmentId);
      await page.locator(`.timeline-entry[data-position="${first.position}"] .asof-here`).click();
      const shown = page.locator('.timeline-entry.shown');
      await shown.waitFor();
      expect(await shown.getAttribute('data-position')).toBe(first.position);
      expect(
        await page
          .locator(`.timeline-entry[data-position="${second.position}"]`)
          .getAttribute('class'),
      ).toContain('later');
      expect(page.url()).toContain(`asOfPosition=${first.position}`);
      const stage = page.locator('.investment-head .badge');
      await stage.filter({ hasText: stageName(first.stateAfter.stage) }).waitFor();
      await session.shot(page, 'after-event');

      await page.locator(`.timeline-entry[data-position="${second.position}"] .asof-here`).click();
      await page.locator(`.timeline-entry.shown[data-position="${second.position}"]`).waitFor();
      await stage.filter({ hasText: stageName(second.stateAfter.stage) }).waitFor();
    },
    TASK_TIMEOUT_MS,
  );
});

const STAGE_NAMES: Record<string, string> = {
  proposed: 'föreslagen',
  analysed: 'analyserad',
  approved: 'beviljad',
  implementing: 'införs',
  realising: 'realiserar nytta',
  closed: 'avslutad',
};
const stageName = (stage: string): string => STAGE_NAMES[stage] ?? stage;
