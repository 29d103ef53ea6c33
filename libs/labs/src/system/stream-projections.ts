import { localAddresses, readAnalyticsLag } from '@pattern-shop/chaos-checker';
import { queryServiceDb, waitFor } from '@pattern-shop/testing';

/** One UTC day of analytics-service's projections, as the reports read it or as its facts add up. */
export type DayFigures = Readonly<{
  placed: number;
  confirmed: number;
  cancelled: number;
  revenueCents: number;
  refundedCents: number;
}>;

export const DAY_FIELDS = [
  'placed',
  'confirmed',
  'cancelled',
  'revenueCents',
  'refundedCents',
] as const;

type Row = Record<`${'total' | 'fact'}_${(typeof DAY_FIELDS)[number]}`, string>;

const figures = (row: Row, side: 'total' | 'fact'): DayFigures => ({
  placed: Number(row[`${side}_placed`]),
  confirmed: Number(row[`${side}_confirmed`]),
  cancelled: Number(row[`${side}_cancelled`]),
  revenueCents: Number(row[`${side}_revenueCents`]),
  refundedCents: Number(row[`${side}_refundedCents`]),
});

/**
 * The day's totals (`daily_totals`, what the API and reports read) beside the same figures summed
 * from the per-order facts they were grown from. One statement, so both sides come from one
 * snapshot even while batches commit.
 */
export const readDayFigures = async (
  dayStart: Date,
): Promise<Readonly<{ totals: DayFigures; facts: DayFigures }>> => {
  const inDay = (column: string) => `${column} >= $1 AND ${column} < $2`;
  const [row] = await queryServiceDb<Row>(
    'analytics-service',
    `SELECT coalesce(t.placed, 0)::text AS total_placed,
            coalesce(t.confirmed, 0)::text AS total_confirmed,
            coalesce(t.cancelled, 0)::text AS total_cancelled,
            coalesce(t.revenue_cents, 0)::text AS "total_revenueCents",
            coalesce(t.refunded_cents, 0)::text AS "total_refundedCents",
            (SELECT count(*) FROM analytics.order_facts WHERE ${inDay('placed_at')})::text AS fact_placed,
            (SELECT count(*) FROM analytics.order_facts WHERE ${inDay('confirmed_at')})::text AS fact_confirmed,
            (SELECT count(*) FROM analytics.order_facts WHERE ${inDay('cancelled_at')})::text AS fact_cancelled,
            (SELECT coalesce(sum(confirmed_total_cents), 0) FROM analytics.order_facts
              WHERE ${inDay('confirmed_at')})::text AS "fact_revenueCents",
            (SELECT coalesce(sum(amount_cents), 0) FROM analytics.refund_facts
              WHERE ${inDay('refunded_at')})::text AS "fact_refundedCents"
       FROM (SELECT 1) AS one
       LEFT JOIN analytics.daily_totals t ON t.day = $1`,
    [dayStart.toISOString(), new Date(dayStart.getTime() + 86_400_000).toISOString()],
  );
  if (row === undefined) throw new Error('the analytics database answered no row');
  return { totals: figures(row, 'total'), facts: figures(row, 'fact') };
};

/** Orders whose final fact (confirmed or cancelled) analytics-service has applied. */
export const countProjectedFinal = async (orderIds: readonly string[]): Promise<number> => {
  const [row] = await queryServiceDb<{ n: number }>(
    'analytics-service',
    `SELECT count(*)::int AS n FROM analytics.order_facts
      WHERE order_id = ANY($1::uuid[]) AND (confirmed_at IS NOT NULL OR cancelled_at IS NOT NULL)`,
    [orderIds],
  );
  return row?.n ?? 0;
};

/** Records on the event topics the group `analytics` has not committed yet: what a crash re-sends. */
export const analyticsLag = (): Promise<number> => readAnalyticsLag(localAddresses());

type FactsRow = {
  placed_at: Date | null;
  placed_total_cents: string | null;
  confirmed_at: Date | null;
  cancelled_at: Date | null;
};

/**
 * Waits until analytics-service has applied the order's OrderPlaced, and says which of its facts
 * are in the projection: the lab crashes the service on the order's next fact, not this one.
 */
export const waitForProjectedOrder = async (
  orderId: string,
  timeoutMs: number,
  log: (line: string) => void,
): Promise<boolean> => {
  const row = await waitFor(
    `analytics-service to apply OrderPlaced of ${orderId}`,
    async () => {
      const [found] = await queryServiceDb<FactsRow>(
        'analytics-service',
        `SELECT placed_at, placed_total_cents::text, confirmed_at, cancelled_at
           FROM analytics.order_facts WHERE order_id = $1 AND placed_at IS NOT NULL`,
        [orderId],
      );
      return found;
    },
    { timeoutMs, intervalMs: 200 },
  ).catch(() => undefined);
  if (row === undefined) {
    log(`analytics-service has not applied OrderPlaced of ${orderId} within ${timeoutMs / 1000} s`);
    return false;
  }
  const when = (at: Date | null) => (at === null ? 'not yet' : at.toISOString());
  log(
    `order ${orderId} in analytics: placed ${when(row.placed_at)} (total ${(Number(row.placed_total_cents) / 100).toFixed(2)}), confirmed ${when(row.confirmed_at)}, cancelled ${when(row.cancelled_at)}`,
  );
  return true;
};
