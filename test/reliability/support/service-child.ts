/**
 * The real service entry point (src/main.ts) as a child of a reliability spec, with a
 * watchdog: it exits when its stdin closes (the test runner died) or after MAX_RUN_MS, so it
 * can never outlive a failed test for long. Signals reach main.ts untouched.
 */
const MAX_RUN_MS = 15 * 60_000;
const WATCHDOG_EXIT_CODE = 3;

process.stdin.on('end', () => process.exit(WATCHDOG_EXIT_CODE));
process.stdin.resume();
setTimeout(() => process.exit(WATCHDOG_EXIT_CODE), MAX_RUN_MS).unref();

// eslint-disable-next-line @typescript-eslint/no-require-imports
require('../../../src/main');
