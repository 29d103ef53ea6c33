import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  encodeCursor,
  QUEUES,
  type ReconciliationPage,
  type ReconciliationPayment,
} from '@pattern-shop/contracts';
import { LOCAL_INFRA, ServiceProcess, waitForQueueDrained } from '@pattern-shop/testing';
import {
  chargeCommand,
  openCommandPublisher,
  refundCommand,
  repliesPublishedFor,
  takeWhatTheyLeft,
  tapReplies,
} from '../testing/payment-test-kit.js';

const ADMIN = { authorization: `Bearer ${LOCAL_INFRA.operatorToken}` };
const SERVICE = { authorization: `Bearer ${LOCAL_INFRA.serviceToken}` };
// Ports of their own, so the test never collides with a shop someone else runs.
const PORTS = { payment: 4202, provider: 4205 };

type Answer = Readonly<{
  status: number;
  type: string | null;
  body: ReconciliationPage<ReconciliationPayment> & { errors?: string[] };
}>;

/** GET /reconciliation/daily: the payments recorded in a period, for the nightly reconciliation. */
describe('payment-service: the payments recorded in a period, paged by keyset', () => {
  let provider: ServiceProcess;
  let payment: ServiceProcess;
  let publisher: Awaited<ReturnType<typeof openCommandPublisher>>;
  let replies: Awaited<ReturnType<typeof tapReplies>>;
  /** The period of the payments below: [from, to). */
  const period = { from: '', to: '' };
  const orders = { charged: '', declined: '', refunded: '' };
  const paymentIds: Record<string, string> = {};

  const read = async (
    query: Record<string, string>,
    headers: Record<string, string> = SERVICE,
  ): Promise<Answer> => {
    const url = `${payment.baseUrl}/reconciliation/daily?${new URLSearchParams(query)}`;
    const response = await fetch(url, { headers });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: (await response.json()) as Answer['body'],
    };
  };
  const behave = (knobs: object) =>
    fetch(`${provider.baseUrl}/admin/behaviour`, {
      method: 'PUT',
      headers: { ...ADMIN, 'content-type': 'application/json' },
      body: JSON.stringify(knobs),
    });
  const providerChargeOf = async (orderId: string) => {
    const ledger = await fetch(`${provider.baseUrl}/admin/ledger/orders/${orderId}`, {
      headers: ADMIN,
    });
    return ((await ledger.json()) as { charges: { chargeId: string }[] }).charges[0]?.chargeId;
  };

  /** Through the service's own flow: ChargePayment, then (for one order) RefundPayment. */
  const recordPayments = async () => {
    const charged = chargeCommand(1_000);
    const refunded = chargeCommand(3_000);
    await publisher.send(charged, refunded);
    for (const command of [charged, refunded]) {
      const [reply] = await replies.waitForReplies(command.data.orderId);
      paymentIds[command.data.orderId] = String(reply?.data['paymentId']);
    }
    await behave({ declineRate: 1 });
    const declined = chargeCommand(500);
    await publisher.send(declined);
    expect((await replies.waitForReplies(declined.data.orderId))[0]?.type).toBe('PaymentDeclined');
    await behave({});
    const { orderId } = refunded.data;
    const paymentId = paymentIds[orderId] ?? '';
    await publisher.send(refundCommand({ orderId, paymentId, amountCents: 3_000 }));
    expect((await replies.waitForReplies(orderId, 2))[1]?.type).toBe('PaymentRefunded');
    return { charged: charged.data.orderId, declined: declined.data.orderId, refunded: orderId };
  };

  beforeAll(async () => {
    provider = ServiceProcess.start('payment-provider', { PORT: String(PORTS.provider) });
    payment = ServiceProcess.start('payment-service', {
      PORT: String(PORTS.payment),
      PAYMENT_PROVIDER_URL: `http://127.0.0.1:${PORTS.provider}`,
    });
    await Promise.all([provider.waitUntilReady(), payment.waitUntilReady()]);
    publisher = await openCommandPublisher();
    replies = await tapReplies();
    // Commands other suites left in the queue would be recorded inside our period: drain first.
    await waitForQueueDrained(QUEUES.paymentCommands);
    period.from = new Date().toISOString();
    Object.assign(orders, await recordPayments());
    period.to = new Date(Date.now() + 1).toISOString();
  }, 120_000);

  afterAll(async () => {
    try {
      if (publisher) await repliesPublishedFor(publisher.orderIds);
      await replies?.close();
      await publisher?.close();
    } finally {
      await payment?.stop();
      await provider?.stop();
      if (publisher) await takeWhatTheyLeft(publisher.orderIds);
    }
  }, 60_000);

  it('given a charged, a declined and a refunded payment, when their period is read, then exactly those, with their fields, by (recordedAt, paymentId)', async () => {
    const { status, body } = await read(period);

    expect(status).toBe(200);
    expect(body).toMatchObject({ ...period, nextCursor: null });
    const byOrder = new Map(body.items.map((item) => [item.orderId, item]));
    expect([...byOrder.keys()].sort()).toEqual(Object.values(orders).sort());
    const recordedAt = (orderId: string) => byOrder.get(orderId)?.recordedAt;
    expect(byOrder.get(orders.charged)).toEqual({
      paymentId: paymentIds[orders.charged],
      orderId: orders.charged,
      status: 'CHARGED',
      amountCents: 1_000,
      currency: 'EUR',
      providerChargeId: await providerChargeOf(orders.charged),
      recordedAt: expect.any(String),
      chargedAt: recordedAt(orders.charged),
      refundedAt: null,
    });
    expect(byOrder.get(orders.refunded)).toEqual({
      paymentId: paymentIds[orders.refunded],
      orderId: orders.refunded,
      status: 'REFUNDED',
      amountCents: 3_000,
      currency: 'EUR',
      providerChargeId: await providerChargeOf(orders.refunded),
      recordedAt: expect.any(String),
      chargedAt: recordedAt(orders.refunded),
      refundedAt: expect.any(String),
    });
    expect(byOrder.get(orders.declined)).toEqual({
      paymentId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      orderId: orders.declined,
      status: 'DECLINED',
      amountCents: 500,
      currency: 'EUR',
      providerChargeId: null,
      recordedAt: expect.any(String),
      chargedAt: null,
      refundedAt: null,
    });
    for (const { recordedAt: at } of body.items) {
      expect(at >= period.from && at < period.to).toBe(true);
    }
    const keyset = (item: ReconciliationPayment) => `${item.recordedAt} ${item.paymentId}`;
    const ordered = [...body.items].sort((a, b) => (keyset(a) < keyset(b) ? -1 : 1));
    expect(body.items).toEqual(ordered);
  });

  it('given three payments, when walked with limit=1, then each once, in order, and no cursor on the last page', async () => {
    const all = (await read(period)).body.items;
    const walked: ReconciliationPayment[] = [];
    const cursors: (string | null)[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 10 && (pages === 0 || after !== undefined); pages++) {
      const { status, body } = await read({ ...period, limit: '1', ...(after && { after }) });
      expect(status).toBe(200);
      walked.push(...body.items);
      cursors.push(body.nextCursor);
      after = body.nextCursor ?? undefined;
    }

    expect(all).toHaveLength(3);
    expect(walked).toEqual(all);
    expect(cursors).toEqual([expect.any(String), expect.any(String), null]);
  });

  it('given a date, when read, then 200 with that UTC day as the period', async () => {
    const date = period.from.slice(0, 10);
    const { status, body } = await read({ date, limit: '1' });
    expect(status).toBe(200);
    expect(body.from).toBe(`${date}T00:00:00.000Z`);
    expect(Date.parse(body.to) - Date.parse(body.from)).toBe(24 * 60 * 60 * 1000);
    expect(body.items).toHaveLength(1);
  });

  const now = Date.now();
  const iso = (offsetMs: number) => new Date(now + offsetMs).toISOString();
  const DAY = 24 * 60 * 60 * 1000;
  it.each([
    ['no period', { limit: '5' }, 'query: give date=YYYY-MM-DD, or from and to'],
    ['both date and from', { date: '2026-02-28', from: iso(0), to: iso(1) }, 'not both'],
    ['2026-02-30', { date: '2026-02-30' }, 'query: date: is not a calendar date'],
    ['to before from', { from: iso(0), to: iso(-1) }, 'query: to: must be after from'],
    ['over 7 days', { from: iso(0), to: iso(7 * DAY + 1) }, 'query: to: a period is at most 7'],
    ['a garbage cursor', { date: '2026-02-28', after: 'garbage' }, 'query: after: is not a cursor'],
    [
      'a cursor whose id is no payment id',
      { date: '2026-02-28', after: encodeCursor(new Date(now), 'ch_not-a-uuid') },
      'query: after: is not a cursor',
    ],
    ['limit 0', { date: '2026-02-28', limit: '0' }, 'query: limit:'],
    ['limit 5000', { date: '2026-02-28', limit: '5000' }, 'query: limit:'],
    ['an unknown parameter', { date: '2026-02-28', colour: 'red' }, 'colour'],
  ])('given %s, when read, then 400 problem+json naming it', async (_, query, problem) => {
    const answer = await read(query);
    expect(answer.status).toBe(400);
    expect(answer.type).toMatch(/^application\/problem\+json/);
    expect(answer.body.errors).toEqual([expect.stringContaining(problem)]);
  });

  it.each([
    ['no token', {}],
    ['a wrong token', { authorization: 'Bearer a-wrong-token-of-some-length' }],
  ])('given %s, when read, then 401 problem+json and no payments', async (_, headers) => {
    const answer = await read(period, headers);
    expect(answer.status).toBe(401);
    expect(answer.type).toMatch(/^application\/problem\+json/);
    expect(answer.body).not.toHaveProperty('items');
  });
});
