import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LOCAL_INFRA, ServiceProcess } from '@pattern-shop/testing';

const ADMIN = { authorization: `Bearer ${LOCAL_INFRA.operatorToken}` };
// Not the fixed port 3007, nor the other provider tests' ports.
const PORT = 4307;
const MAX_BODY_BYTES = 2_048;

/** Issue 19 §7 on a real provider process: a body size limit, and x-simulate-* only in test mode. */
describe('payment-provider with test mode off and a small body limit', () => {
  let provider: ServiceProcess;

  const post = async (path: string, body: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${provider.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    const text = await response.text();
    const type = response.headers.get('content-type');
    return { status: response.status, type, body: text ? JSON.parse(text) : undefined };
  };
  const chargesOf = async (orderId: string): Promise<unknown[]> => {
    const response = await fetch(`${provider.baseUrl}/admin/ledger/orders/${orderId}`, {
      headers: ADMIN,
    });
    return ((await response.json()) as { charges: unknown[] }).charges;
  };
  const chargeBody = (orderId: string, padding = '') =>
    JSON.stringify({ orderId, customerId: `cust-1${padding}`, amountCents: 700, currency: 'EUR' });

  beforeAll(async () => {
    provider = ServiceProcess.start('payment-provider', {
      PORT: String(PORT),
      PAYMENT_PROVIDER_TEST_MODE: 'false',
      HTTP_MAX_BODY_BYTES: String(MAX_BODY_BYTES),
      PAYMENT_PROVIDER_LEDGER_FILE: join(mkdtempSync(join(tmpdir(), 'limits-')), 'ledger.jsonl'),
    });
    await provider.waitUntilReady();
  }, 60_000);

  afterAll(async () => {
    await provider?.stop();
  }, 30_000);

  it('given a body over HTTP_MAX_BODY_BYTES, then 413 problem+json before any handler, and nothing is charged', async () => {
    const orderId = randomUUID();
    const tooLarge = chargeBody(orderId, 'x'.repeat(MAX_BODY_BYTES));

    const answer = await post('/charges', tooLarge, { 'idempotency-key': orderId });

    expect(answer.status).toBe(413);
    expect(answer.type).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ status: 413, title: 'Payload Too Large' });
    expect(await chargesOf(orderId)).toEqual([]);
    const documented = (await (await fetch(`${provider.baseUrl}/docs-json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    expect(documented.paths['/charges']?.['post']?.responses).toHaveProperty('413');
    // Just under the limit is read as usual (this one is refused by validation, not by size).
    const under = await post('/charges', chargeBody(orderId, 'x'.repeat(1_500)), {
      'idempotency-key': orderId,
    });
    expect(under.status).toBe(400);
  });

  it('given test mode off, when a charge asks for x-simulate-outcome: error and a latency, then it is captured at once as if the headers were absent', async () => {
    const orderId = randomUUID();
    const startedAt = Date.now();

    const answer = await post('/charges', chargeBody(orderId), {
      'idempotency-key': orderId,
      'x-simulate-outcome': 'error',
      'x-simulate-latency-ms': '5000',
      'x-simulate-refund': 'not-even-valid',
    });

    expect(answer).toMatchObject({ status: 201, body: { status: 'captured', orderId } });
    expect(Date.now() - startedAt).toBeLessThan(4_000);
    expect(await chargesOf(orderId)).toHaveLength(1);
  });
});
