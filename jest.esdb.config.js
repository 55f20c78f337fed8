/**
 * The e2e specs on the EventStoreDB adapter: `npm run test:e2e:esdb-fake` (TEST_STORE=esdb-fake,
 * a fresh protocol fake per app) and `npm run test:esdb` (TEST_STORE=esdb, the server at
 * EVENTSTORE_URL). The guard fails a spec file that never opened the adapter.
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: ['**/*.e2e.spec.ts'],
  // These already run on the adapter in `npm test`, whatever TEST_STORE says.
  testPathIgnorePatterns: ['/node_modules/', '/test/e2e-esdb/'],
  setupFilesAfterEnv: [...(base.setupFilesAfterEnv ?? []), '<rootDir>/test/support/esdb-e2e-guard.ts'],
};
