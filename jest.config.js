// Four tiers, chosen by file name (STYLE.md): *.unit.spec.ts, *.int.spec.ts, *.e2e.spec.ts, and
// *.compose.spec.ts (Docker Compose on a real engine, README: With Docker).
// Tests run as native ES modules (NestJS 12 ships ESM only) and import libraries from source
// through the `@pattern-shop/source` export condition, so no build is needed for unit tests.
const swcTransform = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'es6' },
  },
];

const base = {
  rootDir: '.',
  testEnvironment: 'node',
  testEnvironmentOptions: {
    customExportConditions: ['@pattern-shop/source', 'node', 'node-addons'],
  },
  transform: { '^.+\\.ts$': swcTransform },
  extensionsToTreatAsEsm: ['.ts'],
  // Source files import siblings as `./x.js` (Node ESM); under Jest they are the `.ts` files.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/', '<rootDir>/.local/'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/.local/'],
};

// The tiers that use the servers report the messages a run leaves on RabbitMQ (docs: README, Tests).
const leftoverCheck = {
  globalSetup: '<rootDir>/tests/leftovers/global-setup.mjs',
  globalTeardown: '<rootDir>/tests/leftovers/global-teardown.mjs',
};

/** @type {import('jest').Config} */
export default {
  // `--shard=i/n` splits the server tests by their recorded durations (bin/test runs two shards).
  testSequencer: '<rootDir>/tests/sharding/sequencer.mjs',
  // The per-suite reporter names the test file that left messages on RabbitMQ (README, Tests).
  reporters: ['default', '<rootDir>/tests/leftovers/per-suite-reporter.mjs'],
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/**/*.unit.spec.ts'] },
    {
      ...base,
      ...leftoverCheck,
      displayName: 'int',
      testMatch: ['<rootDir>/**/*.int.spec.ts'],
      slowTestThreshold: 30,
    },
    {
      ...base,
      ...leftoverCheck,
      setupFilesAfterEnv: ['<rootDir>/tests/e2e/support/leave-nothing-behind.ts'],
      displayName: 'e2e',
      testMatch: ['<rootDir>/**/*.e2e.spec.ts'],
      slowTestThreshold: 120,
    },
    // Docker Compose and a real engine (README, With Docker); their own brokers, so no leftover check.
    {
      ...base,
      displayName: 'compose',
      testMatch: ['<rootDir>/**/*.compose.spec.ts'],
      slowTestThreshold: 300,
    },
  ],
};
