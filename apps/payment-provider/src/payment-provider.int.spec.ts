import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { LOCAL_INFRA, ServiceProcess, waitFor } from '@pattern-shop/testing';

const ADMIN = { authorization: `Bearer ${LOCAL_INFRA.operatorToken}` };
// Not the fixed port 3007: the suite must not collide with a provider someone else runs.
const PORT = 3307;

/** payment-provider as a real process: the stand-in card processor and its knobs. */
describe('payment-provider: charges, refunds and the knobs that make them slow, failing or declined', () => {
  let provider: ServiceProcess;

  const send = async (method: string, path: string, body?: unknown, headers = {}) => {
    const response = await fetch(`${provider.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: text ? JSON.parse(text) : undefined,
    };
  };
  const charge = (
    orderId = randomUUID(),
    headers: Record<string, string> = {},
    amountCents = 1_000,
  ) =>
    send(
      'POST',
      '/charges',
      { orderId, customerId: 'cust-1', amountCents, currency: 'EUR' },
      {
        'idempotency-key': orderId,
        ...headers,
      },
    );
  const knobs = () => send('GET', '/admin/behaviour', undefined, ADMIN);

  beforeAll(async () => {
    provider = ServiceProcess.start('payment-provider', { PORT: String(PORT) });
    await provider.waitUntilReady();
  }, 60_000);

  afterEach(async () => {
    await send('DELETE', '/admin/behaviour', undefined, ADMIN);
  });

  afterAll(async () => {
    await provider?.stop();
  }, 30_000);

  it('given an Idempotency-Key, when the same charge is sent twice, then one capture and the same answer twice', async () => {
    const orderId = randomUUID();
    const first = await charge(orderId);
    const again = await charge(orderId);

    expect(first).toMatchObject({
      status: 201,
      body: { status: 'captured', orderId, amountCents: 1_000 },
    });
    expect(again.body).toEqual(first.body);
    const ledger = await send('GET', `/admin/ledger/orders/${orderId}`, undefined, ADMIN);
    expect(ledger.body.charges).toHaveLength(1);
  });

  it('given a key already used, when another charge reuses it, then 422 and nothing charged', async () => {
    const orderId = randomUUID();
    await charge(orderId);
    const reused = await charge(orderId, {}, 2_000);
    expect(reused).toMatchObject({
      status: 422,
      type: expect.stringContaining('application/problem+json'),
    });
  });

  it('given no Idempotency-Key, when charging, then 400', async () => {
    const answer = await send('POST', '/charges', {
      orderId: randomUUID(),
      customerId: 'c',
      amountCents: 1,
      currency: 'EUR',
    });
    expect(answer).toMatchObject({
      status: 400,
      body: { detail: 'Idempotency-Key header: is required' },
    });
  });

  it('given x-simulate-outcome, when charging, then 402 problem+json with the reason, or 503 that charges nothing', async () => {
    const declined = await charge(randomUUID(), { 'x-simulate-outcome': 'decline' });
    expect(declined).toMatchObject({
      status: 402,
      type: expect.stringContaining('application/problem+json'),
    });
    expect(declined.body.reason).toEqual(expect.any(String));

    const orderId = randomUUID();
    expect((await charge(orderId, { 'x-simulate-outcome': 'error' })).status).toBe(503);
    expect((await charge(orderId)).status).toBe(201); // the error was not remembered
  });

  it('given a latency longer than the caller waits, when the caller gives up, then the charge is captured anyway (the late success)', async () => {
    const orderId = randomUUID();
    const gaveUp = fetch(`${provider.baseUrl}/charges`, {
      method: 'POST',
      signal: AbortSignal.timeout(100),
      headers: {
        'content-type': 'application/json',
        'idempotency-key': orderId,
        'x-simulate-latency-ms': '1000',
      },
      body: JSON.stringify({ orderId, customerId: 'cust-1', amountCents: 500, currency: 'EUR' }),
    });
    await expect(gaveUp).rejects.toThrow();

    const ledger = await send('GET', `/admin/ledger/orders/${orderId}`, undefined, ADMIN);
    expect(ledger.body.charges).toMatchObject([{ status: 'captured', amountCents: 500 }]);
  });

  it('given a captured charge, when refunded twice with one key, then one refund; a simulated failure refunds nothing', async () => {
    const captured = await charge();
    const refund = { chargeId: captured.body.chargeId, amountCents: 1_000 };
    const key = { 'idempotency-key': randomUUID() };

    expect(
      (await send('POST', '/refunds', refund, { ...key, 'x-simulate-refund': 'fail' })).status,
    ).toBe(503);
    const first = await send('POST', '/refunds', refund, key);
    const again = await send('POST', '/refunds', refund, key);
    expect(first).toMatchObject({ status: 201, body: { refundId: expect.any(String) } });
    expect(again.body).toEqual(first.body);
    const ledger = await send(
      'GET',
      `/admin/ledger/orders/${captured.body.orderId}`,
      undefined,
      ADMIN,
    );
    expect(ledger.body.refunds).toHaveLength(1);
  });

  it('given knobs set at run time, when charging, then they apply; DELETE restores the defaults', async () => {
    const set = await send('PUT', '/admin/behaviour', { declineRate: 1, latencyMs: 50 }, ADMIN);
    expect(set.body).toMatchObject({ declineRate: 1, latencyMs: 50, errorRate: 0 });
    expect((await charge()).status).toBe(402);

    await send('DELETE', '/admin/behaviour', undefined, ADMIN);
    expect((await knobs()).body).toMatchObject({ declineRate: 0, latencyMs: 0 });
    expect((await charge()).status).toBe(201);
  });

  it('given bad knob values, when PUT, then 400 naming them and the knobs are unchanged', async () => {
    await send('PUT', '/admin/behaviour', { errorRate: 0.25 }, ADMIN);
    const refused = await send(
      'PUT',
      '/admin/behaviour',
      { errorRate: 2, latencyMs: -1, colour: 'red' },
      ADMIN,
    );

    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual(
      expect.arrayContaining([
        'behaviour: errorRate: must be between 0 and 1',
        'behaviour: latencyMs: must not be negative',
        'behaviour: Unrecognized key: "colour"',
      ]),
    );
    expect((await knobs()).body).toMatchObject({ errorRate: 0.25, latencyMs: 0 });
  });

  it.each([
    ['GET', '/admin/behaviour'],
    ['PUT', '/admin/behaviour'],
    ['DELETE', '/admin/behaviour'],
    ['GET', '/admin/ledger'],
  ])('given no operator token, when %s %s, then 401 and nothing changes', async (method, path) => {
    await send('PUT', '/admin/behaviour', { errorRate: 0.5 }, ADMIN);
    const answer = await send(method, path, method === 'PUT' ? { errorRate: 1 } : undefined, {
      authorization: 'Bearer wrong-token',
    });
    expect(answer.status).toBe(401);
    expect((await knobs()).body).toMatchObject({ errorRate: 0.5 });
  });

  it('given charges by outcome, when /metrics is read, then each outcome is counted', async () => {
    await charge(randomUUID(), { 'x-simulate-outcome': 'error' });
    const metrics = await waitFor('the error to be counted', async () => {
      const text = await (await fetch(`${provider.baseUrl}/metrics`)).text();
      return /payment_provider_charges_total\{outcome="error"[^}]*\} [1-9]/.test(text)
        ? text
        : undefined;
    });
    expect(metrics).toMatch(/payment_provider_charges_total\{outcome="captured"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/payment_provider_refunds_total\{outcome="refunded"[^}]*\} \d/);
  });
});
