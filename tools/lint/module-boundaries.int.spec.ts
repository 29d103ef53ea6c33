import { beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { repoRoot } from '@pattern-shop/testing';

let eslint: ESLint;

/**
 * Lints `code` as if it were the file at `filePath` with the repository's own ESLint and config
 * (one ESLint instance for the file: a CLI per case cost about 3 s each), returns the messages.
 */
const lintAs = async (filePath: string, code: string): Promise<string[]> => {
  const results = await eslint.lintText(code, { filePath: join(repoRoot(), filePath) });
  return results.flatMap((result) => result.messages.map((m) => `${m.ruleId}: ${m.message}`));
};

// The boundary rule reads Nx's cached project graph and skips itself without one (a fresh
// clone, or after `nx reset`), which would turn every refusal below into a parse of a warning.
beforeAll(() => {
  execFileSync(join(repoRoot(), 'node_modules', '.bin', 'nx'), ['show', 'projects'], {
    cwd: repoRoot(),
    env: { ...process.env, NX_DAEMON: 'false' },
    stdio: 'ignore',
  });
  // As the CLI runs in CI: the rule reads the graph from Nx's cache, not from a daemon.
  process.env['NX_DAEMON'] = 'false';
  eslint = new ESLint({ cwd: repoRoot() });
}, 120_000);

describe('module boundaries are enforced by lint, not by hope', () => {
  it('given message contracts, when they import a framework, then lint refuses', async () => {
    const messages = await lintAs(
      'libs/contracts/src/violation.ts',
      "import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n",
    );
    expect(messages).toContainEqual(
      expect.stringMatching(/type:contracts.*not allowed to import "@nestjs\/common"/),
    );
  });

  it('given message contracts, when they import a broker client or the ORM, then lint refuses', async () => {
    const messages = await lintAs(
      'libs/contracts/src/violation.ts',
      "import { Kafka } from 'kafkajs';\nimport { DataSource } from 'typeorm';\nexport const x = [Kafka, DataSource];\n",
    );
    expect(messages).toHaveLength(2);
    expect(messages.join('\n')).toMatch(/kafkajs[\s\S]*typeorm/);
  });

  // Every domain library, one per service scope: pure rules, so no framework, ORM or broker.
  it.each(['checkout-saga', 'inventory-domain', 'payment-domain', 'analytics-domain'])(
    'given the domain library %s, when it imports a framework or the ORM, then lint refuses',
    async (library) => {
      const messages = await lintAs(
        `libs/${library}/src/violation.ts`,
        "import { Injectable } from '@nestjs/common';\nimport { DataSource } from 'typeorm';\nexport const x = [Injectable, DataSource];\n",
      );
      expect(messages).toContainEqual(
        expect.stringMatching(/type:domain.*not allowed to import "@nestjs\/common"/),
      );
      expect(messages).toContainEqual(
        expect.stringMatching(/type:domain.*not allowed to import "typeorm"/),
      );
    },
  );

  it("given one service, when it imports another service's code, then lint refuses", async () => {
    const messages = await lintAs(
      'apps/order-service/src/violation.ts',
      "import { AppModule } from '../../payment-service/src/app.module.js';\nexport const x = AppModule;\n",
    );
    expect(messages).toContainEqual(expect.stringMatching(/enforce-module-boundaries/));
  });

  it('given production code of a service, when it imports the testing helpers, then lint refuses', async () => {
    const messages = await lintAs(
      'apps/order-service/src/violation.ts',
      "import { waitFor } from '@pattern-shop/testing';\nexport const x = waitFor;\n",
    );
    expect(messages).toContainEqual(expect.stringMatching(/type:app.*can only depend on/));
  });

  it("given an end-to-end test, when it imports an app's source by a relative path, then lint refuses", async () => {
    const messages = await lintAs(
      'tests/e2e/patterns/violation.e2e.spec.ts',
      "import { requestHash } from '../../../apps/order-service/src/idempotency/idempotency-keys.js';\nexport const x = requestHash;\n",
    );
    expect(messages).toContainEqual(
      expect.stringMatching(/enforce-module-boundaries: Projects cannot be imported by a relative/),
    );
  });

  it("given an end-to-end test, when it imports an app's published test kit and the test helpers, then lint is quiet", async () => {
    const messages = await lintAs(
      'tests/e2e/patterns/allowed.e2e.spec.ts',
      "import { analyticsHarness } from '@pattern-shop/analytics-service-testing';\nimport { waitFor } from '@pattern-shop/testing';\nexport const x = [analyticsHarness, waitFor];\n",
    );
    expect(messages).toEqual([]);
  });

  it("given an app's test kit (src/testing), when it uses the testing helpers and types answers as any, then lint is quiet", async () => {
    const messages = await lintAs(
      'apps/payment-service/src/testing/allowed-kit.ts',
      "import { waitFor } from '@pattern-shop/testing';\nexport type Answer = { body: any };\nexport const x = waitFor;\n",
    );
    expect(messages).toEqual([]);
  });

  it('given a service, when it imports shared libraries the rules allow, then lint is quiet', async () => {
    const messages = await lintAs(
      'apps/order-service/src/allowed.ts',
      "import { SERVICES } from '@pattern-shop/contracts';\nimport { PlatformModule } from '@pattern-shop/platform';\nexport const x = [SERVICES, PlatformModule];\n",
    );
    expect(messages).toEqual([]);
  });
});

describe('SQL has one home per service, src/persistence/, enforced by lint', () => {
  const sql =
    "export const runs = 'SELECT id FROM job_runs';\n" +
    'export const upsert = (schema: string) =>\n  `\n  insert into ${schema}.totals VALUES (1)`;\n';

  it('given a use case of a service, when it holds SQL, then lint refuses each statement', async () => {
    const messages = await lintAs('apps/analytics-service/src/batch-jobs/violation.ts', sql);
    expect(messages).toEqual([
      'no-restricted-syntax: SQL lives in src/persistence/ (see docs/architecture.md).',
      'no-restricted-syntax: SQL lives in src/persistence/ (see docs/architecture.md).',
    ]);
  });

  it("given the service's persistence, when it holds the same SQL, then lint is quiet", async () => {
    const messages = await lintAs('apps/analytics-service/src/persistence/allowed.ts', sql);
    expect(messages).toEqual([]);
  });

  it('given a sentence that starts with a word SQL also uses, when linted, then it is no statement', async () => {
    const messages = await lintAs(
      'apps/email-service/src/send-order-email/allowed.ts',
      "export const note = (where: string) => [`${where} with a body`, 'selected items'];\n",
    );
    expect(messages).toEqual([]);
  });
});
