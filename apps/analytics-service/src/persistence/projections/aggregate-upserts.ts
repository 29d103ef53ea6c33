import type { ProjectionDeltas } from '@pattern-shop/analytics-domain';
import { quoted, type Sql } from '../sql.js';

export type StreamPosition = Readonly<{ topic: string; partition: number; nextOffset: number }>;

/** Upserts the next offset per partition; never moves one back (a late redelivery). */
export const recordPositions = async (
  tx: Sql,
  schema: string,
  positions: readonly StreamPosition[],
) => {
  if (positions.length === 0) return;
  const s = quoted(schema);
  const sorted = [...positions].sort(
    (a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition,
  );
  await tx.query(
    `INSERT INTO ${s}.stream_positions AS t (topic, partition, next_offset)
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(topic text, partition integer, next_offset bigint)
     ON CONFLICT (topic, partition) DO UPDATE
       SET next_offset = GREATEST(t.next_offset, EXCLUDED.next_offset), updated_at = now()`,
    [JSON.stringify(sorted.map((p) => ({ ...p, next_offset: p.nextOffset })))],
  );
};

/** Adds one batch's sums to the aggregate rows, in key order. */
export const addDeltas = async (tx: Sql, schema: string, deltas: ProjectionDeltas) => {
  const s = quoted(schema);
  const sortedBy = <T>(entries: Iterable<T>, key: (t: T) => string) =>
    [...entries].sort((a, b) => key(a).localeCompare(key(b)));
  if (deltas.ordersPerMinute.size > 0) {
    await tx.query(
      `INSERT INTO ${s}.orders_per_minute AS t (minute, orders)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(minute timestamptz, orders bigint)
       ON CONFLICT (minute) DO UPDATE SET orders = t.orders + EXCLUDED.orders`,
      [
        JSON.stringify(
          sortedBy(deltas.ordersPerMinute, ([m]) => m).map(([minute, orders]) => ({
            minute,
            orders,
          })),
        ),
      ],
    );
  }
  if (deltas.days.size > 0) {
    await tx.query(
      `INSERT INTO ${s}.daily_totals AS t (day, placed, confirmed, cancelled, revenue_cents, refunded_cents)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(day timestamptz, placed bigint,
         confirmed bigint, cancelled bigint, revenue_cents bigint, refunded_cents bigint)
       ON CONFLICT (day) DO UPDATE SET placed = t.placed + EXCLUDED.placed,
         confirmed = t.confirmed + EXCLUDED.confirmed, cancelled = t.cancelled + EXCLUDED.cancelled,
         revenue_cents = t.revenue_cents + EXCLUDED.revenue_cents,
         refunded_cents = t.refunded_cents + EXCLUDED.refunded_cents`,
      [
        JSON.stringify(
          sortedBy(deltas.days, ([d]) => d).map(([day, t]) => ({
            day,
            placed: t.placed,
            confirmed: t.confirmed,
            cancelled: t.cancelled,
            revenue_cents: t.revenueCents,
            refunded_cents: t.refundedCents,
          })),
        ),
      ],
    );
  }
  if (deltas.products.size > 0) {
    await tx.query(
      `INSERT INTO ${s}.product_sales_daily AS t (day, sku, quantity, revenue_cents)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(day timestamptz, sku text, quantity bigint, revenue_cents bigint)
       ON CONFLICT (day, sku) DO UPDATE SET quantity = t.quantity + EXCLUDED.quantity,
         revenue_cents = t.revenue_cents + EXCLUDED.revenue_cents`,
      [
        JSON.stringify(
          sortedBy(deltas.products.values(), (p) => `${p.day}|${p.sku}`).map((p) => ({
            day: p.day,
            sku: p.sku,
            quantity: p.quantity,
            revenue_cents: p.revenueCents,
          })),
        ),
      ],
    );
  }
};
