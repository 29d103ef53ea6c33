import type { OrderOutcome } from './checkout-outcomes.js';
import type { OpenLoopRun } from './open-loop-orders.js';

/** The issue's target: 500 confirmed orders/s with p99 POST-to-CONFIRMED under 1 s. */
export const TARGET = { ordersPerSecond: 500, p99Ms: 1_000 } as const;

type Spread = Readonly<{ p50: number; p90: number; p99: number; max: number }>;

/** Nearest-rank percentiles of `values` (sorted once). */
const spreadOf = (values: readonly number[]): Spread => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? NaN;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN };
};

const ms = (value: number) => `${value.toFixed(0)} ms`;

export type CheckoutSummary = Readonly<{
  confirmed: number;
  sustainedPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}>;

/** Prints the run's figures, one per line, the target verdict last; returns the main ones. */
export const printCheckoutReport = (
  targetRate: number,
  seconds: number,
  run: OpenLoopRun,
  outcomes: ReadonlyMap<string, OrderOutcome>,
): CheckoutSummary => {
  const sent = run.orders;
  const accepted = sent.filter((order) => order.orderId !== undefined);
  const firstPostMs = Math.min(...sent.map((order) => order.sentAtMs));
  const lastPostMs = Math.max(...sent.map((order) => order.sentAtMs));
  const confirmLatencies: number[] = [];
  const confirmTimes: number[] = [];
  let cancelled = 0;
  for (const order of accepted) {
    const outcome = outcomes.get(order.orderId ?? '');
    if (outcome?.status === 'CANCELLED') cancelled += 1;
    if (outcome?.status !== 'CONFIRMED' || outcome.finalAtMs === undefined) continue;
    confirmLatencies.push(outcome.finalAtMs - order.sentAtMs);
    confirmTimes.push(outcome.finalAtMs);
  }
  const confirmed = confirmLatencies.length;
  const lastConfirmMs = Math.max(...confirmTimes);
  const sustained = confirmed / ((lastConfirmMs - firstPostMs) / 1_000);
  const post = spreadOf(sent.map((order) => order.answeredAtMs - order.sentAtMs));
  const toConfirmed = spreadOf(confirmLatencies);
  const refused = sent.length - accepted.length;
  // Which answers the refusals were (0: no answer), e.g. "503 x12, 0 x1".
  const refusals = new Map<number, number>();
  for (const { httpStatus, orderId } of sent) {
    if (orderId === undefined) refusals.set(httpStatus, (refusals.get(httpStatus) ?? 0) + 1);
  }
  const refusedBy = [...refusals].map(([status, n]) => `${status} x${n}`).join(', ');
  const pending = accepted.length - confirmed - cancelled;
  const line = (label: string, value: string) => console.log(`${label.padEnd(34)} ${value}`);

  line('target rate', `${targetRate} orders/s for ${seconds} s (${run.scheduled} scheduled)`);
  line(
    'achieved POST rate',
    `${(sent.length / ((lastPostMs - firstPostMs) / 1_000)).toFixed(1)} /s`,
  );
  line(
    'late starts / not sent',
    `${run.lateStarts} / ${run.notSent} (max start lag ${ms(run.maxStartLagMs)})`,
  );
  line(
    'accepted (202)',
    `${accepted.length} of ${sent.length} sent (${refused} refused or failed${refused > 0 ? `: ${refusedBy}` : ''})`,
  );
  line('confirmed / cancelled / pending', `${confirmed} / ${cancelled} / ${pending}`);
  line(
    'sustained confirmed orders/s',
    `${sustained.toFixed(1)} (confirmed / (last confirm - first POST))`,
  );
  line('POST latency', `p50 ${ms(post.p50)}  p99 ${ms(post.p99)}`);
  line(
    'POST sent -> CONFIRMED committed',
    `p50 ${ms(toConfirmed.p50)}  p90 ${ms(toConfirmed.p90)}  p99 ${ms(toConfirmed.p99)}  max ${ms(toConfirmed.max)}`,
  );
  const met =
    sustained >= TARGET.ordersPerSecond && toConfirmed.p99 < TARGET.p99Ms && pending === 0;
  line(
    `target ${TARGET.ordersPerSecond}/s, p99 < ${TARGET.p99Ms / 1_000} s`,
    met ? 'MET' : 'NOT MET',
  );
  return {
    confirmed,
    sustainedPerSecond: sustained,
    p50Ms: toConfirmed.p50,
    p99Ms: toConfirmed.p99,
  };
};
