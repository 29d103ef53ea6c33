import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signAccessToken } from '@pattern-shop/access-tokens';
import { infra, LOCAL_INFRA, queryServiceDb, ServiceProcess } from '@pattern-shop/testing';
import {
  type Answer,
  customerToken,
  getJson,
  newCustomerId,
  ORDER_SERVICE,
  ordersOfCustomers,
  placeOrder,
} from '../support/order-api.js';

const ORDERS_PER_CUSTOMER = 3;
const SIGN_INS_PER_IP = 8;
const items = [{ sku: 'MUG-001', quantity: 1 }];

const post = async (path: string, body?: unknown): Promise<Answer> => {
  const response = await fetch(`${ORDER_SERVICE}${path}`, {
    method: 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
};

/** Every sign-in of this file counts against its one client address: the limit test counts on. */
let signInsSoFar = 0;
const signIn = (email: string, password: string) => {
  signInsSoFar++;
  return post('/sessions', { email, password });
};
const newEmail = () => `shopper-${randomUUID()}@example.org`;

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const signedWith = (secret: string, customerId: string, now = new Date(), ttlSeconds = 600) =>
  signAccessToken({ scope: 'customer', customerId }, { secret, now, ttlSeconds });

/**
 * Issue 19, finding 1: an order is placed by an identified customer, taken from the token and
 * never from the body; finding 7: sign-in and order placement are rate limited.
 */
describe('customer identity: who may place an order, and how often', () => {
  const apps: ServiceProcess[] = [];

  beforeAll(async () => {
    await infra('up');
    apps.push(
      ServiceProcess.start('inventory-service'),
      ServiceProcess.start('order-service', {
        RATE_LIMIT_ORDERS_PER_CUSTOMER_PER_MINUTE: String(ORDERS_PER_CUSTOMER),
        RATE_LIMIT_SIGN_IN_PER_MINUTE: String(SIGN_INS_PER_IP),
      }),
    );
    await Promise.all(apps.map((app) => app.waitUntilReady()));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
  }, 60_000);

  it('given no customer token, then POST /orders answers 401 problem+json before reading the body, and stores nothing', async () => {
    const customerId = newCustomerId();
    const hourAgo = new Date(Date.now() - 3_600_000);
    const tokens: Record<string, string | null> = {
      'no token': null,
      malformed: 'not-a-token',
      'another key': signedWith('another-key-of-thirty-two-characters!', customerId),
      expired: signedWith(LOCAL_INFRA.accessTokenSecret, customerId, hourAgo, 60),
      'alg none': `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: customerId, scope: 'customer', exp: Math.floor(Date.now() / 1000) + 600 })}.`,
      'order token': signAccessToken(
        { scope: 'order', customerId, orderId: randomUUID() },
        { secret: LOCAL_INFRA.accessTokenSecret, now: new Date(), ttlSeconds: 600 },
      ),
      'operator token': LOCAL_INFRA.operatorToken,
    };

    const answers: Record<string, string> = {};
    for (const [name, token] of Object.entries(tokens)) {
      // A broken body too: the 401 must come first, so the body's problems stay unread.
      const answer = await placeOrder({ customerId, items: [] }, { token });
      answers[name] = `${answer.status} ${answer.headers.get('content-type')?.split(';')[0]}`;
    }

    expect(answers).toEqual(
      Object.fromEntries(Object.keys(tokens).map((name) => [name, '401 application/problem+json'])),
    );
    expect(await ordersOfCustomers([customerId])).toBe(0);
  });

  it('given a customerId in the body, then 400 says the customer comes from the token, and nothing is stored for either', async () => {
    const me = newCustomerId();
    const victim = newCustomerId();

    const answer = await placeOrder({ customerId: victim, items }, { token: customerToken(me) });

    expect(answer.status).toBe(400);
    expect(answer.body.detail).toBe(
      'request body: customerId: the customer is taken from your token; remove customerId from the body',
    );
    expect(await ordersOfCustomers([me, victim])).toBe(0);
  });

  it('given registration, then sign-in answers a token for the same customer; a wrong password and an unknown email get the same 401', async () => {
    const email = newEmail();
    const registered = await post('/customers', {
      email: email.toUpperCase(),
      password: 'twelve chars!',
    });
    expect(registered.status).toBe(201);
    expect(registered.body).toEqual({
      customerId: expect.stringMatching(/^cust-[0-9a-f-]{36}$/),
      token: expect.any(String),
      expiresAt: expect.any(String),
    });
    const [row] = await queryServiceDb<{ email: string; password_hash: string }>(
      'order-service',
      'SELECT email, password_hash FROM customers WHERE id = $1',
      [registered.body.customerId],
    );
    expect(row?.email).toBe(email); // stored in lower case
    expect(row?.password_hash).toMatch(/^scrypt\$/);

    const signedIn = await signIn(email, 'twelve chars!');
    const wrongPassword = await signIn(email, 'twelve chars?');
    const unknownEmail = await signIn(newEmail(), 'twelve chars!');
    const duplicate = await post('/customers', { email, password: 'another password' });
    const tooShort = await post('/customers', { email: newEmail(), password: 'short' });

    expect(signedIn.status).toBe(201);
    expect(signedIn.body.customerId).toBe(registered.body.customerId);
    const refusal = ({ status, body }: Answer) => ({
      status,
      type: body.type,
      detail: body.detail,
    });
    expect(refusal(wrongPassword)).toEqual({
      status: 401,
      type: 'https://pattern-shop.dev/problems/invalid-credentials',
      detail: 'the email or the password is wrong',
    });
    expect(refusal(unknownEmail)).toEqual(refusal(wrongPassword));
    expect(refusal(duplicate)).toMatchObject({
      status: 409,
      type: 'https://pattern-shop.dev/problems/email-taken',
    });
    expect(refusal(tooShort)).toMatchObject({
      status: 400,
      detail: expect.stringMatching(/password/),
    });
  });

  it("given a registered customer's token, then the order is theirs: they read it, another customer gets 404", async () => {
    const { body: session } = await post('/customers', {
      email: newEmail(),
      password: 'correct horse battery',
    });

    const placed = await placeOrder({ items }, { token: session.token });

    expect(placed.status).toBe(202);
    const mine = await getJson(`/orders/${placed.body.orderId}`, session.token);
    expect(mine).toMatchObject({ status: 200, body: { customerId: session.customerId } });
    const someoneElse = customerToken(newCustomerId());
    expect((await getJson(`/orders/${placed.body.orderId}`, someoneElse)).status).toBe(404);
  });

  it('given a guest session, then the guest places an order and finds it among their orders', async () => {
    const guest = await post('/sessions/guest');
    expect(guest.status).toBe(201);
    expect(guest.body.customerId).toMatch(/^guest-[0-9a-f-]{36}$/);
    const expiresInS = (Date.parse(guest.body.expiresAt) - Date.now()) / 1000;
    expect(expiresInS).toBeGreaterThan(3_500); // CUSTOMER_TOKEN_TTL_SECONDS, 3600 by default

    const placed = await placeOrder({ items }, { token: guest.body.token });
    const listed = await getJson(`/orders?customerId=${guest.body.customerId}`, guest.body.token);

    expect(placed.status).toBe(202);
    expect(listed.body.items.map((order: { orderId: string }) => order.orderId)).toEqual([
      placed.body.orderId,
    ]);
  });

  it('given a customer at their order limit, then the next order is 429 with Retry-After and not stored, while another customer still orders', async () => {
    const busy = customerToken(newCustomerId());
    const statuses = [];
    for (let i = 0; i < ORDERS_PER_CUSTOMER; i++)
      statuses.push((await placeOrder({ items }, { token: busy })).status);
    const refused = await placeOrder({ items }, { token: busy });
    const other = await placeOrder({ customerId: newCustomerId(), items });

    expect(statuses).toEqual(Array(ORDERS_PER_CUSTOMER).fill(202));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.body.type).toBe('https://pattern-shop.dev/problems/rate-limited');
    expect(other.status).toBe(202);
    const { sub } = JSON.parse(Buffer.from(busy.split('.')[1] ?? '', 'base64url').toString());
    expect(await ordersOfCustomers([sub])).toBe(ORDERS_PER_CUSTOMER);
    const metrics = await (await fetch(`${ORDER_SERVICE}/metrics`)).text();
    expect(metrics).toMatch(/rate_limit_refused_total\{[^}]*limit="orders"[^}]*\} 1\b/);
  });

  it('given sign-ins from one address past its limit, then 429 even with the right password, and the refusals are counted', async () => {
    const email = newEmail();
    await post('/customers', { email, password: 'correct horse battery' });
    while (signInsSoFar < SIGN_INS_PER_IP)
      expect((await signIn(email, 'a wrong guess!')).status).toBe(401);

    const limited = await signIn(email, 'correct horse battery');

    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const metrics = await (await fetch(`${ORDER_SERVICE}/metrics`)).text();
    expect(metrics).toMatch(/rate_limit_refused_total\{[^}]*limit="sign-in"[^}]*\} 1\b/);
  });
});
