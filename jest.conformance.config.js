// The official MCP conformance suite against the members' endpoint (npm run test:conformance).
// Kept apart from jest.config.js: it spawns the suite's own CLI once per scenario.
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] };

module.exports = {
  displayName: 'conformance',
  testEnvironment: 'node',
  transform,
  testMatch: ['<rootDir>/tests/conformance/**/*.test.ts'],
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  testTimeout: 60_000,
  verbose: true,
};
