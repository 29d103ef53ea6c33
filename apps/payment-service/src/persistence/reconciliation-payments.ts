import type { EntityManager } from 'typeorm';
import {
  encodeCursor,
  type ReconciliationPage,
  type ReconciliationPayment,
  type ReconciliationQuery,
} from '@pattern-shop/contracts';

type ReconciliationRow = {
  payment_id: string;
  order_id: string;
  status: ReconciliationPayment['status'];
  amount_cents: string; // bigint arrives as text
  currency: string;
  provider_charge_id: string | null;
  recorded_at: Date;
  charged_at: Date | null;
  refunded_at: Date | null;
};

const toItem = (row: ReconciliationRow): ReconciliationPayment => ({
  paymentId: row.payment_id,
  orderId: row.order_id,
  status: row.status,
  amountCents: Number(row.amount_cents),
  currency: row.currency,
  providerChargeId: row.provider_charge_id,
  recordedAt: row.recorded_at.toISOString(),
  chargedAt: row.charged_at?.toISOString() ?? null,
  refundedAt: row.refunded_at?.toISOString() ?? null,
});

/**
 * One keyset page of the payments recorded in `[from, to)`, by (recorded_at, payment_id), read
 * through the index on those columns. One row more than the limit says whether a next page
 * exists without counting. The keyset is exact because recorded_at is written from a JS Date,
 * so it has the millisecond precision the cursor carries. The caller checks that `after.id` is
 * a UUID.
 */
export const readPaymentsForReconciliation = async (
  db: EntityManager,
  { period, limit, after }: ReconciliationQuery,
): Promise<ReconciliationPage<ReconciliationPayment>> => {
  // A row comparison, so that PostgreSQL starts the index scan right after the cursor.
  const keyset = after === undefined ? [] : [after.at, after.id];
  const rows: ReconciliationRow[] = await db.query(
    `SELECT payment_id, order_id, status, amount_cents, currency, provider_charge_id,
            recorded_at, charged_at, refunded_at
       FROM payments
      WHERE recorded_at >= $2 AND recorded_at < $3
        ${after === undefined ? '' : 'AND (recorded_at, payment_id) > ($4::timestamptz, $5::uuid)'}
      ORDER BY recorded_at, payment_id
      LIMIT $1`,
    [limit + 1, period.from, period.to, ...keyset],
  );
  const items = rows.slice(0, limit).map(toItem);
  const last = items.at(-1);
  return {
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    items,
    nextCursor:
      rows.length > limit && last !== undefined
        ? encodeCursor(last.recordedAt, last.paymentId)
        : null,
  };
};
