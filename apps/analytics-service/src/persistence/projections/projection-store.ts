import { type OrderLine, ProjectionDeltas } from '@pattern-shop/analytics-domain';
import { type AnalyticsFact, firstOfEach } from '../../projections/analytics-facts.js';
import { quoted, type Sql } from '../sql.js';
import { addDeltas, recordPositions, type StreamPosition } from './aggregate-upserts.js';

export type { StreamPosition } from './aggregate-upserts.js';
export type ApplyOutcome = Readonly<{ applied: number; duplicates: number }>;

type Fact<K extends AnalyticsFact['kind']> = Extract<AnalyticsFact, { kind: K }>;
type Row = Record<string, unknown>;

/**
 * Applies the facts of one batch and records the stream position, inside the caller's
 * transaction. Dedupe is by business key in `order_facts` / `refund_facts`: each order is placed,
 * confirmed and cancelled at most once, so "(order id, fact) already applied" is the record of
 * what was applied. Chosen over the alternatives:
 * - topic/partition/offset alone misses the outbox relay publishing one message twice (a crash
 *   after the broker's ack, before the row was marked): same message, two offsets;
 * - a message-id table (handleOnce) catches that, but costs one more row per event (a replay of
 *   millions of events writes millions of rows) and still counts a fact twice if it were ever
 *   re-emitted under a new id. The per-order row exists anyway (it keeps the lines for top
 *   products), so the record and the projection update are one row and cannot disagree; it keeps
 *   the message id of each applied fact. A replay's fresh schema has the same tables, so the
 *   same dedupe.
 * Rows are touched in key order, and the position row first, so concurrent batches (and the
 * replay's swap, which locks positions first) queue instead of deadlocking.
 * `weak` is the chaos lab's `no-inbox` variant: no "already applied" guard, so a redelivered
 * fact is counted again in the aggregates.
 */
export const applyFacts = async (
  tx: Sql,
  schema: string,
  facts: readonly AnalyticsFact[],
  positions: readonly StreamPosition[],
  { weak = false }: Readonly<{ weak?: boolean }> = {},
): Promise<ApplyOutcome> => {
  const s = quoted(schema);
  const unlessApplied = (column: string) => (weak ? '' : `WHERE f.${column} IS NULL`);
  const rows = async (sql: string, payload: unknown): Promise<Row[]> =>
    (await tx.query(sql, [JSON.stringify(payload)])) as Row[];
  await recordPositions(tx, schema, positions);
  const deltas = new ProjectionDeltas();
  let applied = 0;

  const placed = firstOfEach<Fact<'placed'>>(facts, 'placed');
  if (placed.length > 0) {
    const done = await rows(
      `INSERT INTO ${s}.order_facts AS f
         (order_id, placed_message_id, placed_at, lines, placed_total_cents, shipping_country)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(order_id uuid, message_id text,
         at timestamptz, lines jsonb, total_cents bigint, shipping_country text)
       ON CONFLICT (order_id) DO UPDATE SET placed_message_id = EXCLUDED.placed_message_id,
         placed_at = EXCLUDED.placed_at, lines = EXCLUDED.lines,
         placed_total_cents = EXCLUDED.placed_total_cents, shipping_country = EXCLUDED.shipping_country
       ${unlessApplied('placed_at')}
       RETURNING placed_at, confirmed_at,
         CASE WHEN confirmed_at IS NULL THEN NULL ELSE lines END AS lines`,
      placed.map((f) => ({
        order_id: f.orderId,
        message_id: f.messageId,
        at: f.at,
        lines: f.lines,
        total_cents: f.totalCents,
        shipping_country: f.shippingCountry,
      })),
    );
    for (const row of done) {
      deltas.orderPlaced(row['placed_at'] as Date);
      // Confirmed earlier (on another partition after a repartition): the lines count now, and
      // only then are they sent back (parsing every placed order's lines would be work for nothing).
      if (row['confirmed_at'] !== null) {
        deltas.productsSold(row['confirmed_at'] as Date, row['lines'] as OrderLine[]);
      }
    }
    applied += done.length;
  }

  const confirmed = firstOfEach<Fact<'confirmed'>>(facts, 'confirmed');
  if (confirmed.length > 0) {
    const done = await rows(
      `INSERT INTO ${s}.order_facts AS f (order_id, confirmed_message_id, confirmed_at, confirmed_total_cents)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(order_id uuid, message_id text, at timestamptz, total_cents bigint)
       ON CONFLICT (order_id) DO UPDATE SET confirmed_message_id = EXCLUDED.confirmed_message_id,
         confirmed_at = EXCLUDED.confirmed_at, confirmed_total_cents = EXCLUDED.confirmed_total_cents
       ${unlessApplied('confirmed_at')}
       RETURNING confirmed_at, confirmed_total_cents, lines`,
      confirmed.map((f) => ({
        order_id: f.orderId,
        message_id: f.messageId,
        at: f.at,
        total_cents: f.totalCents,
      })),
    );
    for (const row of done) {
      deltas.orderConfirmed(row['confirmed_at'] as Date, Number(row['confirmed_total_cents']));
      if (row['lines'] !== null) {
        deltas.productsSold(row['confirmed_at'] as Date, row['lines'] as OrderLine[]);
      }
    }
    applied += done.length;
  }

  const cancelled = firstOfEach<Fact<'cancelled'>>(facts, 'cancelled');
  if (cancelled.length > 0) {
    const done = await rows(
      `INSERT INTO ${s}.order_facts AS f (order_id, cancelled_message_id, cancelled_at)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(order_id uuid, message_id text, at timestamptz)
       ON CONFLICT (order_id) DO UPDATE SET cancelled_message_id = EXCLUDED.cancelled_message_id,
         cancelled_at = EXCLUDED.cancelled_at
       ${unlessApplied('cancelled_at')}
       RETURNING cancelled_at`,
      cancelled.map((f) => ({ order_id: f.orderId, message_id: f.messageId, at: f.at })),
    );
    for (const row of done) deltas.orderCancelled(row['cancelled_at'] as Date);
    applied += done.length;
  }

  const refunded = firstOfEach<Fact<'refunded'>>(facts, 'refunded');
  if (refunded.length > 0) {
    const done = await rows(
      `INSERT INTO ${s}.refund_facts (payment_id, order_id, message_id, refunded_at, amount_cents)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(payment_id uuid, order_id uuid,
         message_id text, at timestamptz, amount_cents bigint)
       ON CONFLICT (payment_id) ${weak ? 'DO UPDATE SET refunded_at = EXCLUDED.refunded_at' : 'DO NOTHING'}
       RETURNING refunded_at, amount_cents`,
      refunded.map((f) => ({
        payment_id: f.paymentId,
        order_id: f.orderId,
        message_id: f.messageId,
        at: f.at,
        amount_cents: f.amountCents,
      })),
    );
    for (const row of done)
      deltas.refunded(row['refunded_at'] as Date, Number(row['amount_cents']));
    applied += done.length;
  }

  await addDeltas(tx, schema, deltas);
  return { applied, duplicates: facts.length - applied };
};
