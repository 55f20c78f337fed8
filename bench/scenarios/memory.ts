/**
 * Scenario 7: the service's peak resident memory once it has folded the generated ledger into
 * its read models (it does so at start, from empty read models). Goal: under 200 MB at 1M
 * events. When the fold did not finish within its budget, the peak so far is reported.
 */
import { Scenario } from '../support/context';
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
    const name = `service peak RSS after folding ${ledger.events.toLocaleString('en-US')} events at start`;
    const limit = { max: LIMIT_MB, text: `< ${LIMIT_MB} MB` };
    if (!started.ok) {
      const rows: Row[] = [];
      if (started.usage !== undefined) {
        rows.push(
          absolute(
            SCENARIO,
            `${name} (unfinished)`,
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
    // The service may be gone by now (an auditor query can take it down): then only the start figure.
    const now = await service.child.usage().catch(() => undefined);
    return [
      absolute(
        SCENARIO,
        name,
        { value: service.afterCatchUp.maxRssBytes / MB, unit: 'MB' },
        limit,
        {
          'start-up': `${service.bootSeconds.toFixed(1)} s`,
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
