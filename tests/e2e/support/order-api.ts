import { randomUUID } from 'node:crypto';
import { signAccessToken } from '@pattern-shop/access-tokens';
import { LOCAL_INFRA, queryServiceDb } from '@pattern-shop/testing';

export const ORDER_SERVICE = 'http://127.0.0.1:3001';

export type Answer = Readonly<{ status: number; headers: Headers; body: any }>;

/** A customer id no other test uses, so counting that customer's orders counts this test's. */
export const newCustomerId = (): string => `cust-${randomUUID().slice(0, 8)}`;

/** Every order this test file placed through `placeOrder`: what leave-nothing-behind.ts cleans up. */
export const placedOrderIds = new Set<string>();

/**
 * POST /orders as a signed-in customer. A body with a `customerId` names who places it: the test
 * stands in for the identity provider, signs that customer's token and sends the body without
 * the id, so tests keep reading as "this customer orders this". With `token`, the body is sent
 * exactly as given (bad bodies, a customerId the server must refuse); `token: null` sends none.
 */
export const placeOrder = async (
  body: unknown,
  {
    idempotencyKey,
    correlationId,
    baseUrl = ORDER_SERVICE,
    token,
  }: {
    idempotencyKey?: string;
    correlationId?: string;
    baseUrl?: string;
    token?: string | null;
  } = {},
): Promise<Answer> => {
  const named = token === undefined ? customerNamedIn(body) : undefined;
  const sent = named === undefined ? body : withoutCustomerId(body as object);
  const bearer = token === undefined ? customerToken(named ?? newCustomerId()) : token;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (bearer !== null) headers['authorization'] = `Bearer ${bearer}`;
  if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
  if (correlationId !== undefined) headers['x-correlation-id'] = correlationId;
  const response = await fetch(`${baseUrl}/orders`, {
    method: 'POST',
    headers,
    body: typeof sent === 'string' ? sent : JSON.stringify(sent),
  });
  const answer: Answer = {
    status: response.status,
    headers: response.headers,
    body: await response.json(),
  };
  if (answer.status === 202 && typeof answer.body?.orderId === 'string')
    placedOrderIds.add(answer.body.orderId);
  return answer;
};

const customerNamedIn = (body: unknown): string | undefined => {
  const customerId = (body as { customerId?: unknown } | null)?.customerId;
  return typeof body === 'object' && typeof customerId === 'string' ? customerId : undefined;
};

const withoutCustomerId = ({ customerId: _named, ...rest }: { customerId?: unknown }) => rest;

export const getJson = async (
  path: string,
  token?: string,
  baseUrl = ORDER_SERVICE,
): Promise<Answer> => {
  const response = await fetch(`${baseUrl}${path}`, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
};

/** What an identity provider would hand a signed-in customer; tests sign it with the local secret. */
export const customerToken = (customerId: string): string =>
  signAccessToken(
    { scope: 'customer', customerId },
    { secret: LOCAL_INFRA.accessTokenSecret, now: new Date(), ttlSeconds: 600 },
  );

export const sampleOrder = (customerId: string) => ({
  customerId,
  items: [
    { sku: 'MUG-001', quantity: 2 },
    { sku: 'TEE-002', quantity: 1 },
  ],
});

/** How many orders these customers have in order-service's database (each test uses its own). */
export const ordersOfCustomers = async (customerIds: readonly string[]): Promise<number> =>
  (
    await queryServiceDb<{ n: number }>(
      'order-service',
      'SELECT count(*)::int AS n FROM orders WHERE customer_id = ANY($1)',
      [customerIds],
    )
  )[0]?.n ?? -1;
