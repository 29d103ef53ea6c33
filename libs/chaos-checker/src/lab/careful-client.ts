import { setTimeout as delay } from 'node:timers/promises';
import { bearer, type CustomerSession } from '@pattern-shop/testing';
import { seededRandom, seededUuid } from './seeded-random.js';

export type Phase = 'before' | 'fault' | 'after';

export type LoadSettings = Readonly<{
  ordersUrl: string;
  /** Orders started per second, on a fixed schedule whatever the answers (open loop). */
  rate: number;
  durationMs: number;
  seed: number;
  /** The run's customers (guest sessions made before it); order n is placed as customer n mod size. */
  customers: readonly CustomerSession[];
  skus: readonly string[];
  phaseAt: (elapsedMs: number) => Phase;
  /** How long one attempt may take before the client gives up on it and retries. */
  attemptTimeoutMs?: number;
  /** Retries stop this long after the load ends, whatever is left. */
  retryGraceMs?: number;
  /** `count` more orders, one unit of `sku` each, all started at `atMs` (a hot product). */
  burst?: Readonly<{ atMs: number; count: number; sku: string }>;
}>;

export type AttemptRecord = Readonly<{
  status: number;
  orderId?: string;
  phase: Phase;
  ms: number;
}>;

/** What the checker needs of a request (a ClientRequest), plus when and how fast each attempt was. */
export type ClientRecord = Readonly<{
  customerId: string;
  key: string;
  attempts: readonly AttemptRecord[];
}>;

/** How long one order is retried with its key after its first attempt (outlasts an app's restart). */
export const RETRY_BUDGET_MS = 30_000;

/** 202 and refusals are answers; a timeout (status 0), 409, 429 and 5xx are worth a retry. */
const isAnswer = (status: number) =>
  status >= 200 && status < 500 && status !== 409 && status !== 429;

/** How many orders the load starts: the steady ones and the burst's. */
export const ordersOfLoad = (
  settings: Pick<LoadSettings, 'rate' | 'durationMs' | 'burst'>,
): { steady: number; all: number } => {
  const steady = Math.max(1, Math.round((settings.rate * settings.durationMs) / 1_000));
  return { steady, all: steady + (settings.burst?.count ?? 0) };
};

type Order = Readonly<{ customer: CustomerSession; key: string; body: unknown }>;

/**
 * The careful client of the chaos lab: a unique Idempotency-Key per order, retried with the same
 * key (bounded, backing off with seeded jitter) on timeouts and 5xx, so every order the system
 * accepted can be matched to a request. Open loop: a slow system does not slow the schedule.
 */
export const runCarefulClient = async (
  settings: LoadSettings,
  onAttempt: (attempt: AttemptRecord, customerId: string) => void = () => undefined,
): Promise<ClientRecord[]> => {
  const random = seededRandom(settings.seed);
  const started = performance.now();
  const giveUpAt = started + settings.durationMs + (settings.retryGraceMs ?? 30_000);
  const { customers } = settings;
  const customerOf = (n: number) => customers[n % customers.length] as CustomerSession;
  const { steady: steadyCount } = ordersOfLoad(settings);
  const steady = Array.from({ length: steadyCount }, (_, n) => ({
    customer: customerOf(n),
    key: seededUuid(random),
    body: orderBody(settings, random),
    jitter: seededRandom(Math.floor(random() * 2 ** 32)),
    startAt: (n * 1_000) / settings.rate,
  }));
  const { burst } = settings;
  const crowd = Array.from({ length: burst?.count ?? 0 }, (_, n) => ({
    customer: customerOf(steadyCount + n),
    key: seededUuid(random),
    body: { items: [{ sku: burst?.sku ?? '', quantity: 1 }] },
    jitter: seededRandom(Math.floor(random() * 2 ** 32)),
    startAt: burst?.atMs ?? 0,
  }));
  const sent = [...steady, ...crowd].map(async (order) => {
    await delay(Math.max(0, started + order.startAt - performance.now()));
    const attempts: AttemptRecord[] = [];
    // Bounded by time, not by a count: a restart of order-service on a busy machine outlasted
    // eight quick refusals, and an order committed behind a timed-out attempt then had no 202.
    const keepTryingUntil = performance.now() + RETRY_BUDGET_MS;
    for (let attempt = 0; ; attempt++) {
      const record = await attemptOnce(settings, order, started);
      attempts.push(record);
      onAttempt(record, order.customer.customerId);
      if (isAnswer(record.status)) break;
      const backoff = Math.min(4_000, 250 * 2 ** attempt) * (0.5 + order.jitter() / 2);
      const next = performance.now() + backoff;
      if (next > keepTryingUntil || next > giveUpAt) break;
      await delay(backoff);
    }
    return { customerId: order.customer.customerId, key: order.key, attempts };
  });
  return Promise.all(sent);
};

const orderBody = (settings: LoadSettings, random: () => number) => {
  const first = Math.floor(random() * settings.skus.length);
  const lines = random() < 0.5 ? [first] : [first, (first + 1) % settings.skus.length];
  return {
    items: [...new Set(lines)].map((i) => ({ sku: settings.skus[i] as string, quantity: 1 })),
  };
};

const attemptOnce = async (
  settings: LoadSettings,
  order: Order,
  started: number,
): Promise<AttemptRecord> => {
  const at = performance.now();
  const phase = settings.phaseAt(at - started);
  try {
    const response = await fetch(settings.ordersUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': order.key,
        ...bearer(order.customer),
      },
      body: JSON.stringify(order.body),
      signal: AbortSignal.timeout(settings.attemptTimeoutMs ?? 5_000),
    });
    const body = (await response.json().catch(() => ({}))) as { orderId?: string };
    const ms = performance.now() - at;
    return response.status === 202
      ? { status: 202, orderId: body.orderId, phase, ms }
      : { status: response.status, phase, ms };
  } catch {
    return { status: 0, phase, ms: performance.now() - at };
  }
};
