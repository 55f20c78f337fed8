/** Configuration: defaults, and a clear refusal naming each bad variable. */
import { resolve } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/config';

const problemsOf = (env: Record<string, string>): readonly string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('configuration', () => {
  it('defaults to the embedded store on port 3000', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      store: 'sqlite',
      sqlitePath: resolve('./data/ledger.sqlite'),
      logLevel: 'info',
    });
  });

  it('names every bad variable, its value and what it accepts', () => {
    const problems = problemsOf({ PORT: 'eighty', LEDGER_STORE: 'postgres', LOG_LEVEL: 'loud' });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PORT="eighty": must be a whole number from 0 to 65535/),
        expect.stringMatching(/^LEDGER_STORE="postgres": must be one of sqlite, eventstoredb/),
        expect.stringMatching(/^LOG_LEVEL="loud": must be one of/),
      ]),
    );
  });

  it('requires a connection string for EventStoreDB and checks its form', () => {
    expect(problemsOf({ LEDGER_STORE: 'eventstoredb' })).toEqual([
      expect.stringMatching(/^EVENTSTORE_URL: required/),
    ]);
    expect(problemsOf({ LEDGER_STORE: 'eventstoredb', EVENTSTORE_URL: 'http://x' })).toEqual([
      expect.stringMatching(/^EVENTSTORE_URL="http:\/\/x": must be a connection string/),
    ]);
    expect(
      loadConfig({
        LEDGER_STORE: 'eventstoredb',
        EVENTSTORE_URL: 'esdb://localhost:2113?tls=false',
      }).eventstoreUrl,
    ).toBe('esdb://localhost:2113?tls=false');
  });

  it('refuses a port out of range', () => {
    expect(problemsOf({ PORT: '70000' })).toEqual([expect.stringMatching(/^PORT="70000"/)]);
  });
});
