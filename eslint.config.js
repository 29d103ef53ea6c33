// Lint rules that carry the architecture (STYLE.md): Nx tags say what each project is, and
// @nx/enforce-module-boundaries refuses imports that break the layering. See docs/architecture.md.
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

/** Frameworks, drivers and broker clients: never in domain code or message contracts. */
const FRAMEWORKS_AND_IO = [
  '@nestjs/*',
  'typeorm',
  'pg',
  'amqplib',
  'kafkajs',
  'socket.io',
  'socket.io-client',
  'express',
  'nodemailer',
  'pino',
  'prom-client',
  'opossum',
  // zod is allowed: message schemas and domain rules are plain data and functions.
];

/** A client library talks to the system over its public network API only (socket.io, HTTP). */
const SERVER_SIDE_ONLY = FRAMEWORKS_AND_IO.filter((name) => name !== 'socket.io-client');

const SERVICE_SCOPES = [
  'order',
  'inventory',
  'payment',
  'payment-provider',
  'email',
  'analytics',
  'realtime',
  // The browser's app: it talks to the services over their public APIs only.
  'web',
];

/** What code that drives the running system from outside (benches, tests/) may use. */
const DRIVES_FROM_OUTSIDE = [
  'type:testing',
  'type:domain',
  'type:platform',
  'type:messaging',
  'type:contracts',
  'type:util',
  'type:client',
];

const depConstraints = () => [
  // Layers (type:*): what a kind of project may use.
  {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: [
      'type:domain',
      'type:contracts',
      'type:platform',
      'type:messaging',
      'type:util',
      'type:client',
    ],
  },
  {
    // Client libraries (e.g. realtime-client): used by apps, tests and browsers alike, so no
    // server framework, driver or broker client, and nothing of a service's inside.
    sourceTag: 'type:client',
    onlyDependOnLibsWithTags: ['type:client', 'type:contracts', 'type:util'],
    bannedExternalImports: SERVER_SIDE_ONLY,
  },
  {
    sourceTag: 'type:domain',
    onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:util'],
    bannedExternalImports: FRAMEWORKS_AND_IO,
  },
  {
    sourceTag: 'type:contracts',
    onlyDependOnLibsWithTags: ['type:contracts'],
    bannedExternalImports: FRAMEWORKS_AND_IO,
  },
  {
    sourceTag: 'type:util',
    onlyDependOnLibsWithTags: ['type:util'],
    bannedExternalImports: FRAMEWORKS_AND_IO,
  },
  {
    sourceTag: 'type:platform',
    onlyDependOnLibsWithTags: ['type:platform', 'type:contracts', 'type:util'],
  },
  {
    sourceTag: 'type:messaging',
    onlyDependOnLibsWithTags: ['type:messaging', 'type:platform', 'type:contracts', 'type:util'],
  },
  {
    sourceTag: 'type:testing',
    onlyDependOnLibsWithTags: [
      'type:testing',
      'type:platform',
      'type:messaging',
      'type:contracts',
      'type:util',
      'type:client',
    ],
  },
  {
    // Benchmarks drive the real system from outside, like tests; no production code imports them.
    sourceTag: 'type:bench',
    onlyDependOnLibsWithTags: DRIVES_FROM_OUTSIDE,
  },
  {
    // The chaos lab judges the running system from outside, like a bench; nothing imports it.
    sourceTag: 'type:chaos',
    onlyDependOnLibsWithTags: [
      'type:chaos',
      'type:testing',
      'type:platform',
      'type:messaging',
      'type:contracts',
      'type:util',
      'type:client',
    ],
  },
  {
    // Tests of the running system (tests/) reach an app through its network API, a library or
    // the app's published test kit; never through an app's source.
    sourceTag: 'type:test',
    onlyDependOnLibsWithTags: DRIVES_FROM_OUTSIDE,
  },
  {
    // Tools (tools/): bin/run's launcher, the lint proof, the compose checks; nothing imports them.
    sourceTag: 'type:tool',
    onlyDependOnLibsWithTags: ['type:testing', 'type:platform', 'type:contracts', 'type:util'],
  },
  { sourceTag: 'scope:chaos', onlyDependOnLibsWithTags: ['scope:chaos', 'scope:shared'] },
  // Tests and tools look at the whole system, so they may use any service's libraries.
  { sourceTag: 'scope:system', onlyDependOnLibsWithTags: ['scope:*'] },
  // Ownership (scope:*): a service uses shared code and its own, never another service's.
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  // Benchmarks may measure any service's libraries; only benchmarks may import benchmarks.
  { sourceTag: 'scope:bench', onlyDependOnLibsWithTags: ['scope:*'] },
  ...SERVICE_SCOPES.map((scope) => ({
    sourceTag: `scope:${scope}`,
    onlyDependOnLibsWithTags: [`scope:${scope}`, 'scope:shared'],
  })),
];

// In tests, every layer may also use the testing helpers (real servers, processes, proxies).
const withTesting = (constraint) =>
  constraint.onlyDependOnLibsWithTags && constraint.sourceTag.startsWith('type:')
    ? {
        ...constraint,
        onlyDependOnLibsWithTags: [
          ...new Set([...constraint.onlyDependOnLibsWithTags, 'type:testing']),
        ],
      }
    : constraint;

const boundaries = (testingAllowed) => [
  'error',
  {
    enforceBuildableLibDependency: false,
    allowCircularSelfDependency: false,
    // Each app's main.ts imports the tracing bootstrap dynamically, on purpose, so that its loader
    // hook is in place before anything else loads; that is not lazy-loading the library.
    checkDynamicDependenciesExceptions: ['@pattern-shop/observability'],
    allow: [],
    depConstraints: testingAllowed ? depConstraints().map(withTesting) : depConstraints(),
  },
];

/**
 * One home for SQL: in an app, statements live only under `src/persistence/` (migrations,
 * `src/testing/` kits and specs excepted), so a table's readers and writers are found in one place.
 * A string or template that starts like a statement anywhere else is refused.
 */
const SQL_STATEMENT = String.raw`/^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i`;
const SQL_OUTSIDE_PERSISTENCE = 'SQL lives in src/persistence/ (see docs/architecture.md).';
const sqlOnlyInPersistence = {
  files: ['apps/*/src/**/*.ts'],
  ignores: ['**/persistence/**', '**/testing/**', '**/migrations/**', '**/*.spec.ts'],
  rules: {
    'no-restricted-syntax': [
      'error',
      { selector: `Literal[value=${SQL_STATEMENT}]`, message: SQL_OUTSIDE_PERSISTENCE },
      // Only a template's first part: a later one follows an expression, mid-sentence
      // (`${where} with a body ...`), and is no statement's start.
      {
        selector: `TemplateElement:first-child[value.raw=${SQL_STATEMENT}]`,
        message: SQL_OUTSIDE_PERSISTENCE,
      },
    ],
  },
};

export default [
  { ignores: ['**/dist/**', '**/node_modules/**', '.local/**', '.nx/**', 'coverage/**', 'tmp/**'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  // The only block that sets no-restricted-syntax: a later one would replace its options.
  sqlOnlyInPersistence,
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries(false),
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  // Tests may use the helpers that start real servers and processes; production code may not.
  { files: ['**/*.spec.ts'], rules: { '@nx/enforce-module-boundaries': boundaries(true) } },
  {
    // Test kits (helpers only tests import, never built): they use the testing helpers like the
    // tests do, and type the JSON a running service answers as `any`, whose shape each test asserts.
    files: [
      'apps/*/src/testing/**/*.ts',
      'libs/**/src/testing/**/*.ts',
      'tests/**/support/**/*.ts',
    ],
    rules: {
      '@nx/enforce-module-boundaries': boundaries(true),
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  prettier,
];
