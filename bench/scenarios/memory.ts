/**
 * Scenario 7: the service's peak resident memory once it has started on the generated ledger
 * and its rebuilt read-model file (support/ledger-service.ts). Goal: under 200 MB at 1M
 * events (the start-up time is in the details; the start-up scenario times it on its own).
 * When the rebuild did not finish, the service
 * starts on empty read models and folds the ledger first; when that did not finish within
 * its budget, the peak so far is reported.
 */
import { Scenario } from '../support/context';
import { RUNNING_COMPILED } from '../support/paths';
import { absolute, Row } from '../support/results';

const SCENARIO = '7 memory';
const MB = 1024 * 1024;
const LIMIT_MB = 200;

const megabytes = (bytes: number): string => `${(bytes / MB).toFixed(0)} MB`;

export const memoryScenario: Scenario = {
  id: 'memory',
  title: 'Memory: peak RSS of the service after folding the ledger',
  async run(context) {
    const ledger = await context.ledger();
    const started = await context.ledgerService();
    const events = ledger.events.toLocaleString('en-US');
    const limit = { max: LIMIT_MB, text: `< ${LIMIT_MB} MB` };
    if (!started.ok) {
      const rows: Row[] = [];
      if (started.usage !== undefined) {
        rows.push(
          absolute(
            SCENARIO,
            `service peak RSS while folding ${events} events at start (unfinished)`,
            { value: started.usage.maxRssBytes / MB, unit: 'MB' },
            limit,
            {
              stopped: started.reason,
            },
          ),
        );
      }
      return rows;
    }
    const { service } = started;
    const name = service.onReadModelFile
      ? `service peak RSS after start on its read-model file (${events} events)`
      : `service peak RSS after folding ${events} events at start (no read-model file)`;
    // The service may be gone by now (an auditor query can take it down): then only the start figure.
    const now = await service.child.usage().catch(() => undefined);
    return [
      absolute(
        SCENARIO,
        name,
        { value: service.afterCatchUp.maxRssBytes / MB, unit: 'MB' },
        limit,
        {
          'start-up': `${service.bootSeconds.toFixed(1)} s${RUNNING_COMPILED ? '' : ' (under ts-node)'}`,
          'RSS then': megabytes(service.afterCatchUp.rssBytes),
          'heap then': megabytes(service.afterCatchUp.heapUsedBytes),
          ...(now === undefined
            ? { 'after the auditor queries': 'the service had exited' }
            : { 'peak RSS after the auditor queries': megabytes(now.maxRssBytes) }),
        },
      ),
    ];
  },
};
