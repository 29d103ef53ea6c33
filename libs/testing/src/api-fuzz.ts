import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AppName, portOf } from '@pattern-shop/contracts';
import { repoRoot } from './repo.js';

/**
 * Runs the property-based API fuzzer schemathesis against a running app's OpenAPI document
 * (/docs-json): no 5xx, and every answer's status, content type and body as documented.
 * docs/http-apis.md explains the settings and every operation left out.
 */
export const FUZZ_CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
] as const;

/** Bounded and reproducible: the same examples every run. */
export const FUZZ_SETTINGS = { maxExamples: 8, seed: 22, requestTimeoutS: 10 } as const;

export type NotFuzzed = Readonly<{ method: string; path: string; reason: string }>;

/** Operations that would do real damage when fuzzed, each with why it is left out. */
export const NOT_FUZZED: Partial<Record<AppName, readonly NotFuzzed[]>> = {
  web: [
    {
      method: 'POST',
      path: '/api/console/dead-letters/{queue}/redrive',
      reason: 'moves real dead letters back into their queues: operator state, not test data',
    },
    {
      method: 'POST',
      path: '/api/console/dead-letters/{queue}/{messageId}/redrive',
      reason: 'moves a real dead letter back into its queue: operator state, not test data',
    },
  ],
};

/**
 * Headers fixed for every request to an app, overriding what the fuzzer would generate. The
 * provider's `x-simulate-*` headers are its fault knobs per request: a simulated processor error
 * is a 503 by design, and a simulated latency waits up to a minute per example. Fuzzed, they would
 * only test the knob; their values are held to their schema by the provider's own tests.
 */
export const FIXED_HEADERS: Partial<Record<AppName, Readonly<Record<string, string>>>> = {
  'payment-provider': { 'x-simulate-latency-ms': '0', 'x-simulate-outcome': 'approve' },
};

/** The scopes' tags (libs/platform RequiresScope): each scope's operations get a pass of their own. */
const SCOPE_TAGS = ['operator', 'service'] as const;
type ScopeTag = (typeof SCOPE_TAGS)[number];

/** The headers of one pass: guarded operations get the token their scheme names. */
export type FuzzPass = Readonly<{
  label: string;
  headers: Readonly<Record<string, string>>;
  /** The operations tagged with this scope, or (undefined) those tagged with none. */
  scope: ScopeTag | undefined;
}>;

export type FuzzTokens = Readonly<{ operator: string; service: string; customer: string }>;

/**
 * Up to three passes per app: the rest as a customer, then the `service`-tagged endpoints with
 * the service token, then the `operator`-tagged ones with the operator token (last, so knobs the
 * operator pass turns cannot fail the others).
 */
export const fuzzPasses = (tokens: FuzzTokens, document?: OpenApiDocument): FuzzPass[] =>
  (
    [
      { label: 'customer token', token: tokens.customer, scope: undefined },
      { label: 'service token', token: tokens.service, scope: 'service' },
      { label: 'operator token', token: tokens.operator, scope: 'operator' },
    ] as const
  )
    .map(({ label, token, scope }) => ({
      label,
      headers: { authorization: `Bearer ${token}` },
      scope,
    }))
    .filter((pass) => document === undefined || hasOperations(document, pass.scope));

export type OpenApiDocument = Readonly<{
  paths: Readonly<Record<string, Readonly<Record<string, { tags?: readonly string[] }>>>>;
}>;

const hasOperations = (document: OpenApiDocument, scope: ScopeTag | undefined): boolean =>
  Object.values(document.paths).some((operations) =>
    Object.values(operations).some((operation) =>
      scope === undefined
        ? !SCOPE_TAGS.some((tag) => operation.tags?.includes(tag))
        : (operation.tags?.includes(scope) ?? false),
    ),
  );

/** The document an app serves at /docs-json. */
export const openApiDocumentOf = async (baseUrl: string): Promise<OpenApiDocument> => {
  const response = await fetch(`${baseUrl}/docs-json`);
  if (!response.ok) throw new Error(`${baseUrl}/docs-json answered ${response.status}`);
  return (await response.json()) as OpenApiDocument;
};

/** Installs schemathesis once per machine (a pinned venv under .local/) and gives its CLI. */
export const schemathesisCli = (): string =>
  execFileSync(join(repoRoot(), 'tools', 'api-fuzz', 'install-schemathesis'), {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();

export type FuzzOutcome = Readonly<{ exitCode: number | null; output: string }>;

const fuzzArguments = (app: AppName, baseUrl: string, pass: FuzzPass): string[] => [
  '--no-color',
  'run',
  `${baseUrl}/docs-json`,
  '--checks',
  FUZZ_CHECKS.join(','),
  '--max-examples',
  String(FUZZ_SETTINGS.maxExamples),
  '--seed',
  String(FUZZ_SETTINGS.seed),
  '--request-timeout',
  String(FUZZ_SETTINGS.requestTimeoutS),
  '--workers',
  '1',
  '--phases',
  'examples,coverage,fuzzing',
  '--suppress-health-check',
  'all',
  '--generation-deterministic',
  // Our -H Authorization is the one sent: generated tokens would only test the 401 path.
  '--generation-with-security-parameters',
  'false',
  ...(pass.scope === undefined
    ? SCOPE_TAGS.flatMap((tag) => ['--exclude-tag', tag])
    : ['--include-tag', pass.scope]),
  ...(NOT_FUZZED[app] ?? []).flatMap(({ method, path }) => ['--exclude-name', `${method} ${path}`]),
  ...Object.entries({ ...FIXED_HEADERS[app], ...pass.headers }).flatMap(([name, value]) => [
    '-H',
    `${name}: ${value}`,
  ]),
];

/** One schemathesis run against `app`; `onOutput` sees its progress as it comes. */
export const fuzzApp = (
  cli: string,
  app: AppName,
  pass: FuzzPass,
  {
    baseUrl = `http://127.0.0.1:${portOf(app)}`,
    onOutput,
  }: { baseUrl?: string; onOutput?: (text: string) => void } = {},
): Promise<FuzzOutcome> =>
  new Promise((resolve, reject) => {
    const child = spawn(cli, fuzzArguments(app, baseUrl, pass), {
      // A fresh directory: schemathesis keeps a crash cache in its working directory, and a
      // run that replays an earlier run's crashes is no longer the same run.
      cwd: mkdtempSync(join(tmpdir(), 'api-fuzz-')),
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      onOutput?.(chunk.toString('utf8'));
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', reject);
    child.once('close', (exitCode) => resolve({ exitCode, output }));
  });
