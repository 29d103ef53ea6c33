import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type AppName, SERVICE_NAMES, WEB_APP } from '@pattern-shop/contracts';
import {
  fuzzApp,
  fuzzPasses,
  LOCAL_INFRA,
  openApiDocumentOf,
  schemathesisCli,
  ServiceProcess,
} from '@pattern-shop/testing';
import { customerToken } from '../e2e/support/order-api.js';
// Settles any checkout the fuzzing started and takes its messages, as after every e2e file.
import '../e2e/support/leave-nothing-behind.js';

const STAFF = { authorization: `Bearer ${LOCAL_INFRA.operatorToken}` };
const PROVIDER = 'http://127.0.0.1:3007';
const INVENTORY = 'http://127.0.0.1:3002';
const tokens = {
  operator: LOCAL_INFRA.operatorToken,
  service: LOCAL_INFRA.serviceToken,
  customer: customerToken('api-fuzz-customer'),
};

/** Every product with its price and stock: the fuzzer's staff writes must leave them as they were. */
const catalogue = async (): Promise<unknown[]> => {
  const items: unknown[] = [];
  for (let offset = 0; ; offset += 100) {
    const page = (await (
      await fetch(`${INVENTORY}/products?limit=100&offset=${offset}`)
    ).json()) as {
      items: unknown[];
      links: { next: string | null };
    };
    items.push(...page.items);
    if (page.links.next === null) return items;
  }
};

/** Fuzzes every pass of one running app; the report of a failing pass is the failure message. */
const fuzzAll = async (cli: string, app: AppName): Promise<void> => {
  const document = await openApiDocumentOf(apps[app]?.baseUrl ?? '');
  for (const pass of fuzzPasses(tokens, document)) {
    const { exitCode, output } = await fuzzApp(cli, app, pass);
    if (exitCode !== 0) throw new Error(`${app}, ${pass.label}: schemathesis says\n${output}`);
    expect(output).toMatch(/\d+ generated, \d+ passed/);
  }
};

const apps: Partial<Record<AppName, ServiceProcess>> = {};
let cli: string;
let catalogueBefore: unknown[];

beforeAll(async () => {
  cli = schemathesisCli();
  for (const app of [...SERVICE_NAMES, WEB_APP.name]) apps[app] = ServiceProcess.start(app);
  await Promise.all(Object.values(apps).map((app) => app.waitUntilReady()));
  catalogueBefore = await catalogue();
}, 120_000);

afterAll(async () => {
  await Promise.all(Object.values(apps).map((app) => app.stop()));
}, 60_000);

describe('every HTTP API, fuzzed by schemathesis against its own OpenAPI document', () => {
  it.each([
    'order-service',
    'inventory-service',
    'payment-service',
    'analytics-service',
    'realtime-gateway',
    'email-service',
  ] as const)(
    'given %s running, when fuzzed, then no 5xx and every answer is as documented',
    (app) => fuzzAll(cli, app),
    180_000,
  );

  it('given web with the chaos lab off, when fuzzed, then its console starts no chaos run and answers as documented', async () => {
    try {
      await fuzzAll(cli, 'web');
    } finally {
      // web's console relays the provider's knobs: the fuzzer's last values must not stay.
      await fetch(`${PROVIDER}/admin/behaviour`, { method: 'DELETE', headers: STAFF });
    }
  }, 180_000);

  it("given payment-provider on a ledger of its own, when fuzzed, then the shop's books hold none of its charges", async () => {
    // Its charges go to a throwaway ledger, so the nightly reconciliation never sees them; the
    // payment-service that could charge real orders through it is stopped first.
    await Promise.all([apps['payment-service']?.stop(), apps['payment-provider']?.stop()]);
    const ledger = join(mkdtempSync(join(tmpdir(), 'api-fuzz-ledger-')), 'ledger.jsonl');
    apps['payment-provider'] = ServiceProcess.start('payment-provider', {
      PAYMENT_PROVIDER_LEDGER_FILE: ledger,
    });
    await apps['payment-provider'].waitUntilReady();
    await fuzzAll(cli, 'payment-provider');
  }, 180_000);

  it('given the staff writes were fuzzed, then the catalogue is as it was', async () => {
    expect(await catalogue()).toEqual(catalogueBefore);
  });
});
