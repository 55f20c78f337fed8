/**
 * Scenario 3: rebuilding every read model from position 0 over the generated ledger, as
 * `ledger rebuild` does (fold, then write the models with their checkpoint), against the
 * raw scan with JSON parsing over the same file. Goals: at least half the raw scan's rate,
 * and 1M events in under 5 s (scaled with the ledger for smaller runs).
 *
 * The rebuild runs in a child process with a time budget, so a slow one cannot take the
 * whole run: past the budget it is stopped and its rate so far is what is reported. Its file
 * is the one the service of scenarios 5 and 7 starts on (support/read-model-file.ts).
 */
import { FULL_LEDGER_EVENTS } from '../support/config';
import { Scenario } from '../support/context';
import { settle, timed } from '../support/measure';
import { RawLedger } from '../support/raw-sqlite';
import { absolute, compare, Row } from '../support/results';

const SCENARIO = '3 rebuild';
const UNIT = 'events/s';
const RAW_GOAL = 0.5;
const FULL_LIMIT_SECONDS = 5;
const MB = 1024 * 1024;

export const rebuildScenario: Scenario = {
  id: 'rebuild',
  title: 'Projection rebuild against the raw scan',
  async run(context) {
    const ledger = await context.ledger();
    const raw = RawLedger.open(ledger.path);
    const scan = await timed(async () => raw.scanAll(() => undefined));
    raw.close();
    await settle();
    const { run, budgetSeconds: budget } = await context.readModels();
    if (run.events === 0) throw new Error(`the rebuild reported no progress within ${budget} s`);
    const rebuildRate = (run.events * 1000) / run.ms;
    const scanRate = (scan.result * 1000) / scan.ms;
    const limitSeconds = (FULL_LIMIT_SECONDS * ledger.events) / FULL_LEDGER_EVENTS;
    const seconds = run.finished ? run.ms / 1000 : ledger.events / rebuildRate;
    const unfinished: Record<string, string> = run.finished
      ? {}
      : {
          stopped: `after ${budget} s at ${run.events.toLocaleString('en-US')} events; time extrapolated`,
        };
    return [
      compare({
        scenario: SCENARIO,
        name: `rebuild all read models from ${ledger.events.toLocaleString('en-US')} events`,
        ours: { value: rebuildRate, unit: UNIT },
        baseline: { name: 'raw scan + JSON.parse', value: scanRate, unit: UNIT },
        better: 'higher',
        goalRatio: RAW_GOAL,
        goalText: '≥ 50 % of raw',
        details: {
          ...unfinished,
          ...(run.maxRssBytes === undefined
            ? {}
            : { 'rebuild peak RSS': `${Math.round(run.maxRssBytes / MB)} MB` }),
        },
      }),
      absolute(
        SCENARIO,
        `rebuild time for ${ledger.events.toLocaleString('en-US')} events`,
        { value: seconds, unit: 's' },
        { max: limitSeconds, text: `< ${Number(limitSeconds.toPrecision(3))} s (5 s per 1M)` },
        unfinished,
      ),
    ] satisfies Row[];
  },
};
