import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LOCAL_INFRA, ServiceProcess } from '@pattern-shop/testing';

const ADMIN = { authorization: `Bearer ${LOCAL_INFRA.operatorToken}` };
const SERVICE = { authorization: `Bearer ${LOCAL_INFRA.serviceToken}` };
// Not the fixed port 3007: the suite must not collide with a provider someone else runs.
const PORT = 4207;

/** The provider's books are the outside world's record of the money: a restart keeps them. */
describe('payment-provider: the ledger survives a restart, and a charge can be looked up by its key', () => {
  let provider: ServiceProcess;
  const ledgerFile = join(mkdtempSync(join(tmpdir(), 'provider-ledger-')), 'ledger.jsonl');

  const send = async (method: string, path: string, body?: unknown, headers = {}) => {
    const response = await fetch(`${provider.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const type = response.headers.get('content-type');
    return { status: response.status, type, body: text ? JSON.parse(text) : undefined };
  };
  const charge = (orderId: string) =>
    send(
      'POST',
      '/charges',
      { orderId, customerId: 'cust-1', amountCents: 1_250, currency: 'EUR' },
      { 'idempotency-key': orderId },
    );
  const lookup = (key: string) => send('GET', `/charges?idempotencyKey=${key}`);

  beforeAll(async () => {
    provider = ServiceProcess.start('payment-provider', {
      PORT: String(PORT),
      PAYMENT_PROVIDER_LEDGER_FILE: ledgerFile,
    });
    await provider.waitUntilReady();
  }, 60_000);

  afterAll(async () => {
    await provider?.stop();
  }, 30_000);

  it('given a captured charge, when payment-provider is killed and started again, then its ledger, settlement and key still hold it and a refund of it works once', async () => {
    const orderId = randomUUID();
    const from = new Date(Date.now() - 1_000).toISOString();
    const captured = await charge(orderId);
    expect(captured.status).toBe(201);

    provider = await provider.restart(); // SIGKILL: nothing flushed at shutdown
    await provider.waitUntilReady();

    const ledger = await send('GET', `/admin/ledger/orders/${orderId}`, undefined, ADMIN);
    expect(ledger.body.charges).toEqual([captured.body]);
    const to = new Date(Date.now() + 1_000).toISOString();
    const settlement = await send(
      'GET',
      `/reconciliation/daily?from=${from}&to=${to}`,
      undefined,
      SERVICE,
    );
    expect(settlement.body.items).toContainEqual(
      expect.objectContaining({ kind: 'charge', orderId, amountCents: 1_250 }),
    );
    expect(await charge(orderId)).toEqual(captured); // the key's answer, not a second charge
    const refund = { chargeId: captured.body.chargeId, amountCents: 1_250 };
    const key = { 'idempotency-key': randomUUID() };
    expect((await send('POST', '/refunds', refund, key)).status).toBe(201);

    provider = await provider.restart();
    await provider.waitUntilReady();
    expect(
      (await send('POST', '/refunds', refund, { 'idempotency-key': randomUUID() })).body,
    ).toMatchObject({ status: 422, detail: expect.stringContaining('at most 0 cents') });
    const after = await send('GET', `/admin/ledger/orders/${orderId}`, undefined, ADMIN);
    expect(after.body.refunds).toHaveLength(1);
  }, 60_000);

  it('given a charge under a key, when looked up by that key, then 200 with the charge; an unknown key is 404 and a bad key 400', async () => {
    const orderId = randomUUID();
    const captured = await charge(orderId);

    expect(await lookup(orderId)).toMatchObject({ status: 200, body: captured.body });
    expect(await lookup(randomUUID())).toMatchObject({
      status: 404,
      type: expect.stringContaining('application/problem+json'),
    });
    expect(await lookup('not a key!')).toMatchObject({
      status: 400,
      type: expect.stringContaining('application/problem+json'),
    });
    expect((await send('GET', '/charges')).status).toBe(400);
  });

  it('given a ledger path that is a directory, when payment-provider starts, then it refuses naming the variable', async () => {
    const refused = ServiceProcess.start('payment-provider', {
      PORT: String(PORT + 1),
      PAYMENT_PROVIDER_LEDGER_FILE: `${tmpdir()}/`,
    });

    await expect(refused.waitUntilReady(20_000)).rejects.toThrow(/PAYMENT_PROVIDER_LEDGER_FILE/);
  }, 30_000);
});
