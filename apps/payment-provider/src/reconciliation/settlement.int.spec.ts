import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { encodeCursor, type SettlementEntry } from '@pattern-shop/contracts';
import { LOCAL_INFRA, ServiceProcess } from '@pattern-shop/testing';

const SERVICE = { authorization: `Bearer ${LOCAL_INFRA.serviceToken}` };
// Not the fixed port 3007: the test must not collide with a provider someone else runs.
const PORT = 4205;

type Page = { from: string; to: string; items: SettlementEntry[]; nextCursor: string | null };

/** GET /reconciliation/daily: the money that moved at the provider, for the nightly reconciliation. */
describe('payment-provider: the settlement of a period, paged by keyset', () => {
  let provider: ServiceProcess;

  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${provider.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, string> };
  };
  const charge = (amountCents: number, headers: Record<string, string> = {}) =>
    post(
      '/charges',
      { orderId: randomUUID(), customerId: 'c-1', amountCents, currency: 'EUR' },
      headers,
    );
  const settlement = async (
    query: Record<string, string>,
    headers: Record<string, string> = SERVICE,
  ) => {
    const response = await fetch(
      `${provider.baseUrl}/reconciliation/daily?${new URLSearchParams(query)}`,
      { headers },
    );
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: (await response.json()) as Page & { errors?: string[] },
    };
  };

  beforeAll(async () => {
    provider = ServiceProcess.start('payment-provider', { PORT: String(PORT) });
    await provider.waitUntilReady();
  }, 60_000);

  afterAll(async () => {
    await provider?.stop();
  }, 30_000);

  /** Two captures, a decline and a refund of the first capture, all inside [from, to). */
  const moneyMoved = async () => {
    const from = new Date();
    const first = await charge(1_000);
    const declined = await charge(700, { 'x-simulate-outcome': 'decline' });
    const second = await charge(2_500);
    const refund = await post('/refunds', { chargeId: first.body['chargeId'], amountCents: 400 });
    const to = new Date(Date.now() + 1);
    expect([first.status, declined.status, second.status, refund.status]).toEqual([
      201, 402, 201, 201,
    ]);
    return { from, to, first: first.body, second: second.body, refund: refund.body };
  };

  it('given captures, a decline and a refund, when the period is read, then the captures and the refund by (at, id), and not the decline', async () => {
    const { from, to, first, second, refund } = await moneyMoved();
    const money = (of: Record<string, string>, amountCents: number) => ({
      chargeId: of['chargeId'],
      orderId: of['orderId'],
      amountCents,
      currency: 'EUR',
    });
    const expected = [
      { kind: 'charge', id: first['chargeId'], ...money(first, 1_000), at: first['createdAt'] },
      { kind: 'charge', id: second['chargeId'], ...money(second, 2_500), at: second['createdAt'] },
      { kind: 'refund', id: refund['refundId'], ...money(first, 400), at: refund['refundedAt'] },
    ].sort(
      (a, b) => String(a.at).localeCompare(String(b.at)) || (String(a.id) < String(b.id) ? -1 : 1),
    );

    const page = await settlement({ from: from.toISOString(), to: to.toISOString() });

    expect(page).toMatchObject({ status: 200 });
    expect(page.body).toEqual({
      from: from.toISOString(),
      to: to.toISOString(),
      items: expected,
      nextCursor: null,
    });
  });

  it('given a period of three entries, when walked with limit=1, then each entry once, in order, and no cursor on the last page', async () => {
    const { from, to } = await moneyMoved();
    const period = { from: from.toISOString(), to: to.toISOString() };
    const all = (await settlement(period)).body.items;

    const walked: SettlementEntry[] = [];
    const cursors: (string | null)[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 10 && (pages === 0 || after !== undefined); pages++) {
      const { status, body } = await settlement({ ...period, limit: '1', ...(after && { after }) });
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
    const page = await settlement({ date: '2026-02-28' });
    expect(page).toMatchObject({
      status: 200,
      body: {
        from: '2026-02-28T00:00:00.000Z',
        to: '2026-03-01T00:00:00.000Z',
        items: [],
        nextCursor: null,
      },
    });
  });

  const now = Date.now();
  const iso = (offsetMs: number) => new Date(now + offsetMs).toISOString();
  const DAY = 24 * 60 * 60 * 1000;
  it.each([
    ['no period', { limit: '5' }, 'query: give date=YYYY-MM-DD, or from and to'],
    ['both date and from', { date: '2026-02-28', from: iso(0), to: iso(1) }, 'not both'],
    ['2026-02-30', { date: '2026-02-30' }, 'query: date: is not a calendar date'],
    ['to before from', { from: iso(0), to: iso(-1) }, 'query: to: must be after from'],
    [
      'over 7 days',
      { from: iso(0), to: iso(7 * DAY + 1) },
      'query: to: a period is at most 7 days',
    ],
    ['a garbage cursor', { date: '2026-02-28', after: 'garbage' }, 'query: after: is not a cursor'],
    ['limit 0', { date: '2026-02-28', limit: '0' }, 'query: limit:'],
    ['limit 5000', { date: '2026-02-28', limit: '5000' }, 'query: limit:'],
    ['an unknown parameter', { date: '2026-02-28', colour: 'red' }, 'colour'],
  ])('given %s, when read, then 400 problem+json naming it', async (_, query, problem) => {
    const answer = await settlement(query);
    expect(answer.status).toBe(400);
    expect(answer.type).toMatch(/^application\/problem\+json/);
    expect(answer.body.errors).toEqual([expect.stringContaining(problem)]);
  });

  it.each([
    ['no token', {}],
    ['a wrong token', { authorization: 'Bearer a-wrong-token-of-some-length' }],
  ])('given %s, when read, then 401 problem+json', async (_, headers) => {
    const answer = await settlement(
      { date: '2026-02-28', after: encodeCursor(new Date(), 'ch_x') },
      headers,
    );
    expect(answer.status).toBe(401);
    expect(answer.type).toMatch(/^application\/problem\+json/);
    expect(answer.body).not.toHaveProperty('items');
  });
});
