/** LEDGER_CHAIN_WATCH_MINUTES: how often the service verifies its own chain, refused at start when bad. */
import {
  ConfigError,
  DEFAULT_CHAIN_WATCH_MINUTES,
  loadConfig,
  MAX_CHAIN_WATCH_MINUTES,
} from '../../src/config/config';

const problemsOf = (env: Record<string, string>): readonly string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('LEDGER_CHAIN_WATCH_MINUTES', () => {
  it('is an hour unless set, 0 turns the watch off, and at most a day', () => {
    expect(DEFAULT_CHAIN_WATCH_MINUTES).toBe(60);
    expect(loadConfig({}).chainWatchMinutes).toBe(DEFAULT_CHAIN_WATCH_MINUTES);
    expect(loadConfig({ LEDGER_CHAIN_WATCH_MINUTES: '0' }).chainWatchMinutes).toBe(0);
    expect(loadConfig({ LEDGER_CHAIN_WATCH_MINUTES: '1440' }).chainWatchMinutes).toBe(
      MAX_CHAIN_WATCH_MINUTES,
    );
  });

  it.each(['-5', '1441', 'hourly', '1.5', '1e2'])(
    'refuses %j at start, naming the variable, the value and what it accepts',
    (bad) => {
      expect(problemsOf({ LEDGER_CHAIN_WATCH_MINUTES: bad })).toEqual([
        `LEDGER_CHAIN_WATCH_MINUTES=${JSON.stringify(bad)}: must be a whole number from 0 to 1440`,
      ]);
    },
  );
});
