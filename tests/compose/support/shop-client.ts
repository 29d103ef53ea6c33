// The shop driven from the host through the ports tests/compose/other-ports.yml publishes, as a
// client would: a guest order, its final status, its mail, its journey and the relay's backlog.
import { randomUUID } from 'node:crypto';
import { bearer, startGuestSession, waitFor } from '@pattern-shop/testing';

export const ORDER_API = 'http://127.0.0.1:23001';
export const MAIL_API = 'http://127.0.0.1:21080';
export const STOREFRONT = 'http://127.0.0.1:28080';
export const TOXIPROXY_API = 'http://127.0.0.1:28474';

export type PlacedOrder = Readonly<{
  status: number;
  orderId: string;
  customerId: string;
  /** The customer's session token: what the storefront sends for their orders and journeys. */
  token: string;
}>;

/** One mug ordered by a new guest; the answer's status is the caller's to check. */
export const placeGuestOrder = async (): Promise<PlacedOrder> => {
  const guest = await startGuestSession(ORDER_API);
  const placed = await fetch(`${ORDER_API}/orders`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': randomUUID(),
      ...bearer(guest),
    },
    body: JSON.stringify({ items: [{ sku: 'MUG-001', quantity: 1 }] }),
    signal: AbortSignal.timeout(10_000),
  });
  const { orderId } = (await placed.json()) as { orderId: string };
  return { status: placed.status, orderId, customerId: guest.customerId, token: guest.token };
};

/** The order's status once it left PENDING. */
export const finalStatus = (order: PlacedOrder): Promise<string> =>
  waitFor(
    `order ${order.orderId} to leave PENDING`,
    async () => {
      const response = await fetch(`${ORDER_API}/orders/${order.orderId}`, {
        headers: bearer(order),
      });
      const view = (await response.json()) as { status: string };
      return view.status === 'PENDING' ? undefined : view.status;
    },
    { timeoutMs: 60_000, intervalMs: 250 },
  );

/** The subjects of the mails the SMTP sink holds for the order's customer, once there is one. */
export const mailSubjects = (order: PlacedOrder): Promise<string[]> => {
  // email-service's address for a customer (order-email.templates.ts: recipientOf).
  const address = `customer-${order.customerId}@pattern-shop.test`;
  return waitFor(
    `a mail to ${address}`,
    async () => {
      const mails = (await (
        await fetch(`${MAIL_API}/api/email?to.address=${encodeURIComponent(address)}`)
      ).json()) as { subject: string }[];
      return mails.length > 0 ? mails.map((m) => m.subject) : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 250 },
  );
};

type Hop = Readonly<{ pattern: string; from: string; to: string }>;

/**
 * The hops every confirmed order has, each drawn from spans a different service sent to web over
 * OTLP (the saga's come from its step log): the relay's publish (order-service), a command
 * consumed (payment- or inventory-service), a fact consumed (email-service, then its mail), a
 * Kafka record consumed (analytics-service) and a push (realtime-gateway).
 */
const EXPECTED: readonly [string, (hop: Hop) => boolean][] = [
  ['outbox', (hop) => hop.pattern === 'outbox'],
  ['work-queue', (hop) => hop.pattern === 'work-queue'],
  ['pub-sub', (hop) => hop.pattern === 'pub-sub'],
  ['saga', (hop) => hop.pattern === 'saga'],
  ['event-stream from Kafka', (hop) => hop.pattern === 'event-stream' && hop.from === 'Kafka'],
  ['real-time', (hop) => hop.pattern === 'real-time'],
  ['mail to SMTP', (hop) => hop.to === 'SMTP'],
];

/** The order's journey from web once it has every expected hop; a timeout names those missing. */
export const completeJourney = (order: PlacedOrder): Promise<Hop[]> =>
  waitFor(
    `the journey of ${order.orderId} to show every pattern`,
    async () => {
      const response = await fetch(`${STOREFRONT}/api/orders/${order.orderId}/journey`, {
        headers: bearer(order),
      });
      const hops = response.status === 200 ? ((await response.json()) as { hops: Hop[] }).hops : [];
      const missing = EXPECTED.filter(([, seen]) => !hops.some(seen)).map(([name]) => name);
      if (missing.length > 0) throw new Error(`${response.status}, missing ${missing.join(', ')}`);
      return hops;
    },
    // The services export their spans in batches every few seconds.
    { timeoutMs: 45_000, intervalMs: 1_000 },
  );

/** order-service's unpublished outbox rows, from its /metrics. */
export const outboxPending = async (): Promise<number> => {
  const metrics = await (await fetch(`${ORDER_API}/metrics`)).text();
  const line = metrics.split('\n').find((l) => l.startsWith('outbox_pending_rows{'));
  if (line === undefined) throw new Error('order-service exports no outbox_pending_rows');
  return Number(line.split(' ').at(-1));
};
