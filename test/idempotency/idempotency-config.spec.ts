/** Where the Idempotency-Key index lives: LEDGER_IDEMPOTENCY_PATH, by default beside the read models. */
import { resolve } from 'node:path';
import { CONFIG_VARIABLES, loadConfig } from '../../src/config/config';

describe('LEDGER_IDEMPOTENCY_PATH', () => {
  it('defaults to a file beside the read models', () => {
    expect(loadConfig({ LEDGER_SQLITE_PATH: '/srv/fund/ledger.sqlite' }).idempotencyPath).toBe(
      '/srv/fund/ledger.readmodels.idempotency.sqlite',
    );
    expect(
      loadConfig({ LEDGER_READMODEL_PATH: '/var/lib/ledger/read-models.sqlite' }).idempotencyPath,
    ).toBe('/var/lib/ledger/read-models.idempotency.sqlite');
  });

  it('takes the path it is given (unset and empty are the default)', () => {
    expect(loadConfig({ LEDGER_IDEMPOTENCY_PATH: 'data/keys.sqlite' }).idempotencyPath).toBe(
      resolve('data/keys.sqlite'),
    );
    expect(
      loadConfig({ LEDGER_SQLITE_PATH: '/srv/l.sqlite', LEDGER_IDEMPOTENCY_PATH: '' })
        .idempotencyPath,
    ).toBe('/srv/l.readmodels.idempotency.sqlite');
    expect(CONFIG_VARIABLES).toContain('LEDGER_IDEMPOTENCY_PATH');
  });
});
