import { Agent, request } from 'node:http';
import type { CustomerSession } from '@pattern-shop/testing';

/** One POST /orders as the client saw it; times are epoch milliseconds with sub-ms precision. */
export type SentOrder = Readonly<{
  orderId: string | undefined;
  httpStatus: number;
  sentAtMs: number;
  answeredAtMs: number;
}>;

export type OpenLoopRun = Readonly<{
  orders: SentOrder[];
  scheduled: number;
  /** Started more than `lateAfterMs` after their slot (the client or the in-flight cap lagged). */
  lateStarts: number;
  /** Slots that never started before the run ended, because the in-flight cap was reached. */
  notSent: number;
  maxStartLagMs: number;
}>;

export type OpenLoopOptions = Readonly<{
  baseUrl: string;
  /** Order i buys one unit of skus[i % skus.length]. */
  skus: readonly string[];
  /** Order i is placed as customers[i % customers.length], with that customer's token. */
  customers: readonly CustomerSession[];
  ratePerSecond: number;
  seconds: number;
  maxInFlight: number;
  lateAfterMs: number;
}>;

/** Wall-clock epoch ms, comparable with timestamps the services write on this machine. */
export const epochMs = (): number => performance.timeOrigin + performance.now();

const postOrder = (agent: Agent, baseUrl: string, token: string, sku: string): Promise<SentOrder> =>
  new Promise((resolve) => {
    const body = JSON.stringify({ items: [{ sku, quantity: 1 }] });
    const sentAtMs = epochMs();
    const answer = (httpStatus: number, orderId?: string) =>
      resolve({ orderId, httpStatus, sentAtMs, answeredAtMs: epochMs() });
    const req = request(
      `${baseUrl}/orders`,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        timeout: 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status !== 202) return answer(status);
          const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { orderId: string };
          answer(status, parsed.orderId);
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => answer(0));
    req.end(body);
  });

/**
 * Open-loop load: request i is due at start + i / rate whatever happened to the earlier ones, so
 * a slow server shows up as latency and late starts instead of silently lowering the rate (the
 * coordinated-omission trap of closed-loop clients). Concurrency is capped so an overloaded
 * server cannot make the client open thousands of sockets.
 */
export const runOpenLoop = async (options: OpenLoopOptions): Promise<OpenLoopRun> => {
  const { ratePerSecond, seconds, maxInFlight } = options;
  const agent = new Agent({ keepAlive: true, maxSockets: maxInFlight });
  const scheduled = Math.round(ratePerSecond * seconds);
  const slotMs = 1_000 / ratePerSecond;
  const inFlight = new Set<Promise<void>>();
  const orders: SentOrder[] = [];
  let started = 0;
  let lateStarts = 0;
  let maxStartLagMs = 0;
  const startedAt = epochMs();
  // One slot of grace, so the last request is not lost to timer granularity.
  const endsAt = startedAt + seconds * 1_000 + slotMs;
  while (started < scheduled && epochMs() < endsAt) {
    const now = epochMs();
    while (started < scheduled && inFlight.size < maxInFlight) {
      const dueAt = startedAt + started * slotMs;
      if (dueAt > now) break;
      const lag = now - dueAt;
      maxStartLagMs = Math.max(maxStartLagMs, lag);
      if (lag > options.lateAfterMs) lateStarts += 1;
      const sku = options.skus[started % options.skus.length] ?? '';
      const token = options.customers[started % options.customers.length]?.token ?? '';
      started += 1;
      const call: Promise<void> = postOrder(agent, options.baseUrl, token, sku).then((order) => {
        orders.push(order);
        inFlight.delete(call);
      });
      inFlight.add(call);
    }
    const nextDue = startedAt + started * slotMs;
    const wait = inFlight.size >= maxInFlight ? 1 : Math.min(5, Math.max(0, nextDue - epochMs()));
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
  await Promise.all(inFlight);
  agent.destroy();
  return { orders, scheduled, lateStarts, notSent: scheduled - started, maxStartLagMs };
};
