/** Unit, contract and e2e specs all run in one `npm test`. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/projections', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 60000,
  // On two cores Jest would run every file in its own process, one after another, and that
  // process keeps some of each file's memory (its modules, the native addons' buffers): in
  // CI it grew to the 4 GB heap limit after some 160 files, ran out of memory, and a spec
  // near the end timed out while the collector thrashed. A limit makes Jest use a worker
  // even with one core to spare, and start a fresh one whenever a file leaves it above this.
  workerIdleMemoryLimit: '1GB',
};
