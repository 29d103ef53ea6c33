import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { bearer, type CustomerSession, guestSessionPool } from '@pattern-shop/testing';
import { appUrl, LAB_SKU } from './addresses.js';

/** One POST /orders as the learner's client saw it. */
export type Answer = Readonly<{
  /** The HTTP status, or 0 when the client gave up (`timeoutMs`) or could not connect. */
  status: number;
  ms: number;
  orderId?: string;
  accessToken?: string;
  /** false: priced from order-service's replica, inventory not asked (or not answering). */
  availabilityChecked?: boolean;
}>;

export type LoadOptions = Readonly<{
  rate: number;
  seconds: number;
  /** The guest customers the orders go round (labCustomers), as a shop's customers would. */
  customers: readonly CustomerSession[];
  /** How long the client waits for an answer before it counts the request as timed out. */
  timeoutMs?: number;
  onSecond?: (second: number, answers: readonly Answer[]) => void;
}>;

/**
 * `count` guest customers from order-service (POST /sessions/guest), as the storefront gets one,
 * saying so when there are enough of them to take a moment.
 */
export const labCustomers = (
  count: number,
  log: (line: string) => void = () => undefined,
): Promise<CustomerSession[]> =>
  guestSessionPool(appUrl('order-service'), count, (made, size) => {
    if (size > 10) log(`  guest customers: ${made}/${size}`);
  });

/** One order of the lab's product, placed as `customer` with its token. */
export const placeOneOrder = async (
  customer: CustomerSession,
  timeoutMs = 10_000,
): Promise<Answer> => {
  const started = performance.now();
  try {
    const response = await fetch(`${appUrl('order-service')}/orders`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
        'x-correlation-id': `${customer.customerId}-${randomUUID().slice(0, 8)}`,
        ...bearer(customer),
      },
      body: JSON.stringify({ items: [{ sku: LAB_SKU, quantity: 1 }] }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    return {
      status: response.status,
      ms: performance.now() - started,
      ...(typeof body['orderId'] === 'string' ? { orderId: body['orderId'] } : {}),
      ...(typeof body['accessToken'] === 'string' ? { accessToken: body['accessToken'] } : {}),
      ...(typeof body['availabilityChecked'] === 'boolean'
        ? { availabilityChecked: body['availabilityChecked'] }
        : {}),
    };
  } catch {
    return { status: 0, ms: performance.now() - started };
  }
};

/**
 * Open-loop load: `rate` orders start every second whatever the answers, as real customers do,
 * so a slow dependency shows as requests piling up rather than as a politely slower client.
 */
export const placeOrders = async (options: LoadOptions): Promise<Answer[]> => {
  const all: Promise<Answer>[] = [];
  const started = performance.now();
  let sent = 0;
  for (let second = 0; second < options.seconds; second++) {
    const batch: Promise<Answer>[] = [];
    for (let i = 0; i < options.rate; i++) {
      const at = started + second * 1_000 + (i * 1_000) / options.rate;
      await delay(Math.max(0, at - performance.now()));
      const customer = options.customers[sent++ % options.customers.length] as CustomerSession;
      batch.push(placeOneOrder(customer, options.timeoutMs));
    }
    all.push(...batch);
    const report = options.onSecond;
    if (report !== undefined)
      void Promise.all(batch).then((answers) => report(second + 1, answers));
  }
  return Promise.all(all);
};

export const percentile = (values: readonly number[], p: number): number => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};

/** `20 sent: 18 x 202, 2 x 503 | p50 12 ms, p99 310 ms | 18 priced from the replica` */
export const describeAnswers = (answers: readonly Answer[]): string => {
  const byStatus = new Map<number, number>();
  for (const a of answers) byStatus.set(a.status, (byStatus.get(a.status) ?? 0) + 1);
  const statuses = [...byStatus.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, n]) => `${n} x ${status === 0 ? 'no answer' : status}`)
    .join(', ');
  const ms = answers.map((a) => a.ms);
  const replica = answers.filter((a) => a.availabilityChecked === false).length;
  return `${answers.length} sent: ${statuses} | p50 ${Math.round(percentile(ms, 50))} ms, p99 ${Math.round(percentile(ms, 99))} ms | ${replica} priced from the replica`;
};
