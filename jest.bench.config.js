// Benchmarks that need Strapi in-process (to time one service call, not a whole request) run
// under Jest's module loader: tsx cannot load Strapi in-process (its require of ESM-first
// packages such as generator-function breaks koa). Figures are printed; nothing is asserted.
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] };

module.exports = {
  displayName: 'bench',
  testEnvironment: 'node',
  transform,
  testMatch: ['<rootDir>/bench/**/*.bench.ts'],
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  testTimeout: 600_000,
};
