// Three projects: pure unit tests, contract tests (emulators and the plugin's provider clients checked
// against the providers' published API descriptions in contracts/), and integration tests that boot
// the real playground Strapi.
const os = require('node:os');

const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] };

module.exports = {
  // Only a guard against a hang, never a budget a passing test comes near: integration hooks boot
  // Strapi, migrate a fresh database and seed it, seconds on a quiet machine and minutes at load 20.
  // Tests and hooks keep to this default; work that grows (the differential sweep) is split.
  testTimeout: 300_000,
  // Jest's default is one worker fewer than the cores: on 2 cores, one. An integration file spends
  // much of its time waiting (HTTP round trips, emulators, polls): two at once keep both cores busy.
  maxWorkers: Math.max(2, os.availableParallelism() - 1),
  // A worker that has booted Strapi for a few files holds a heap of 1 GB or more, and a process that
  // large takes longer to end than the 500 ms Jest waits after its last file: on a loaded machine Jest
  // force-exits it and blames a leak ("A worker process has failed to exit gracefully"), though no
  // handle is left open. Past this heap a worker is replaced between files, so the last ones end quickly.
  workerIdleMemoryLimit: '512MB',
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/tests/unit/**/*.test.ts'],
    },
    {
      displayName: 'contract',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/tests/contract/**/*.test.ts'],
    },
    {
      displayName: 'integration',
      // The node environment plus Strapi's log captured per test (tests/support/log-capture.ts).
      testEnvironment: '<rootDir>/tests/support/log-environment.ts',
      transform,
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/support/global-setup.ts',
    },
  ],
};
