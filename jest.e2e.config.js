// The admin panel in headless Chromium against a real playground process (npm run test:e2e).
// Kept apart from jest.config.js: it needs the admin panel built and takes minutes, not seconds.
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] };

module.exports = {
  displayName: 'e2e',
  testEnvironment: 'node',
  transform,
  testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'],
  globalSetup: '<rootDir>/tests/e2e/global-setup.ts',
  // First boot seeds the demo community; a page can wait on the admin bundle loading. A guard
  // against a hang, generous for a loaded machine.
  testTimeout: 300_000,
  verbose: true,
};
