import {
  INVARIANTS,
  localAddresses,
  readSnapshot,
  type Verdict,
} from '@pattern-shop/chaos-checker';
import { queryServiceDb, waitFor } from '@pattern-shop/testing';
import { failed, type Grade, passed } from '../lab.js';
import { statusOf } from '../system/stack.js';
import {
  analyticsLag,
  countProjectedFinal,
  DAY_FIELDS,
  type DayFigures,
  readDayFigures,
} from '../system/stream-projections.js';

/** What the check saw: one UTC day of the projections, and the lab's orders against the orders DB. */
export type StreamProbe = Readonly<{
  day: string;
  /** `daily_totals`: what GET /analytics/funnel and /sales answer. */
  totals: DayFigures;
  /** The same figures summed from `order_facts` and `refund_facts`, one row per order or refund. */
  facts: DayFigures;
  /** The chaos checker's `projections-match` over the lab's orders. */
  labOrders: Verdict;
  /** Records the group `analytics` had not committed when the check gave up waiting. */
  lag: number;
  weak: readonly string[];
}>;

const euros = (cents: number) => (cents / 100).toFixed(2);

const describeDay = (f: DayFigures) =>
  `${f.placed} placed, ${f.confirmed} confirmed, ${f.cancelled} cancelled, revenue ${euros(f.revenueCents)}, refunded ${euros(f.refundedCents)}`;

const LABELS: Record<(typeof DAY_FIELDS)[number], string> = {
  placed: 'placed orders',
  confirmed: 'confirmations',
  cancelled: 'cancellations',
  revenueCents: 'revenue',
  refundedCents: 'refunds',
};

const gap = (field: (typeof DAY_FIELDS)[number], totals: DayFigures, facts: DayFigures) => {
  const [total, fact] = [totals[field], facts[field]];
  const show = (n: number) => (field.endsWith('Cents') ? euros(n) : String(n));
  return `${LABELS[field]} ${show(total)} in the totals, ${show(fact)} in the facts (${total > fact ? '+' : ''}${show(total - fact)})`;
};

export const judgeStreams = (probe: StreamProbe): Grade => {
  const figures = [
    `analytics, ${probe.day}, daily totals (what the API answers): ${describeDay(probe.totals)}`,
    `analytics, ${probe.day}, summed from its per-order facts: ${describeDay(probe.facts)}`,
    `your lab 4 orders, projections vs the orders database: ${probe.labOrders.observed} (expected: ${probe.labOrders.expected})`,
    `analytics-service runs with: ${probe.weak.length === 0 ? 'its defaults' : probe.weak.map((w) => `weak ${w}`).join(', ')}`,
    ...(probe.lag > 0 ? [`group analytics: ${probe.lag} record(s) not yet committed`] : []),
  ];
  const reasons: string[] = [];
  const gaps = DAY_FIELDS.filter((field) => probe.totals[field] !== probe.facts[field]);
  if (gaps.length > 0)
    reasons.push(
      `the day's totals disagree with the facts they were grown from: ${gaps.map((f) => gap(f, probe.totals, probe.facts)).join(', ')}; ` +
        (gaps.some((f) => probe.totals[f] > probe.facts[f])
          ? 'records delivered again were counted again (replay the stream to rebuild them)'
          : 'facts were applied without their totals'),
    );
  if (probe.labOrders.result === 'fail')
    reasons.push(
      `your orders are not projected as the orders database has them: ${probe.labOrders.observed} (${probe.labOrders.offenders.slice(0, 3).join(', ')})`,
    );
  if (probe.lag > 0)
    reasons.push(
      `analytics-service has not caught up (${probe.lag} records behind): is it running, and has its group settled?`,
    );
  if (reasons.length > 0) return failed(figures, reasons);
  return passed(figures, [
    "every fact counted once: the day's totals equal the sum of the per-order facts, and each of your orders is projected as the orders database has it",
  ]);
};

/** The page's orders carry a correlation id starting lab4- (place-order-command.ts). */
const LAB_ORDERS = 'lab4-%';

/** Waits for analytics to settle (no lag, the lab's orders projected final), then judges. */
export const probeStreams = async (log: (line: string) => void): Promise<Grade> => {
  const analytics = await statusOf('analytics-service');
  if (analytics.state !== 'running')
    return failed(
      [`analytics-service is ${analytics.state}`],
      [
        'analytics-service is not running, so nothing it projected can be checked: start it (npm run stack -- status shows how it ended)',
      ],
    );
  const now = new Date();
  const dayStart = new Date(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
  const orders = await queryServiceDb<{ id: string; customer_id: string; status: string }>(
    'order-service',
    'SELECT id, customer_id, status FROM orders WHERE correlation_id LIKE $1 AND created_at >= $2',
    [LAB_ORDERS, dayStart.toISOString()],
  );
  if (orders.length === 0)
    return failed(
      [`no order with a lab4-* correlation id since ${dayStart.toISOString()}`],
      ['place an order first, as the page says'],
    );
  log(`${orders.length} lab 4 order(s) today; waiting for analytics-service to catch up...`);
  const ids = orders.map((order) => order.id);
  const lag = await waitFor(
    'the group analytics to commit everything and project the lab orders',
    async () => {
      const behind = await analyticsLag();
      return behind === 0 && (await countProjectedFinal(ids)) === ids.length ? 0 : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 250 },
  ).catch(analyticsLag);
  const snapshot = await readSnapshot(localAddresses(), {
    scope: {
      from: dayStart.toISOString(),
      to: new Date(Date.now() + 1_000).toISOString(),
      customerIds: [...new Set(orders.map((order) => order.customer_id))],
    },
    now: new Date(),
  });
  const { totals, facts } = await readDayFigures(dayStart);
  return judgeStreams({
    day: dayStart.toISOString().slice(0, 10),
    totals,
    facts,
    labOrders: INVARIANTS['projections-match'](snapshot),
    lag,
    weak: analytics.weak,
  });
};
