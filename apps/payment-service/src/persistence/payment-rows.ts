import type { Payment, PaymentStatus } from '@pattern-shop/payment-domain';
import type { EntityManager } from 'typeorm';

type PaymentRow = {
  payment_id: string;
  order_id: string;
  customer_id: string;
  amount_cents: string; // bigint arrives as text
  currency: 'EUR';
  status: PaymentStatus;
  provider_charge_id: string | null;
  decline_reason: string | null;
};

const COLUMNS = `payment_id, order_id, customer_id, amount_cents, currency, status,
  provider_charge_id, decline_reason`;

const toPayment = (row: PaymentRow): Payment => ({
  paymentId: row.payment_id,
  orderId: row.order_id,
  customerId: row.customer_id,
  amountCents: Number(row.amount_cents),
  currency: row.currency,
  status: row.status,
  providerChargeId: row.provider_charge_id,
  declineReason: row.decline_reason,
});

const findOne = async (db: EntityManager, column: 'order_id' | 'payment_id', id: string) => {
  const rows: PaymentRow[] = await db.query(
    `SELECT ${COLUMNS} FROM payments WHERE ${column} = $1`,
    [id],
  );
  return rows[0] === undefined ? undefined : toPayment(rows[0]);
};

export const findPaymentOfOrder = (db: EntityManager, orderId: string) =>
  findOne(db, 'order_id', orderId);

export const findPayment = (db: EntityManager, paymentId: string) =>
  findOne(db, 'payment_id', paymentId);

/**
 * The order's payment and whether its charge was voided (charge_voids), in one round trip: what
 * a ChargePayment reads before it decides to call the provider at all.
 */
export const findPaymentAndVoidOfOrder = async (
  db: EntityManager,
  orderId: string,
): Promise<{ payment: Payment | undefined; voided: boolean }> => {
  const [row]: (Partial<PaymentRow> & { voided: boolean })[] = await db.query(
    `SELECT p.payment_id, p.order_id, p.customer_id, p.amount_cents, p.currency, p.status,
            p.provider_charge_id, p.decline_reason, v.order_id IS NOT NULL AS voided
       FROM (SELECT $1::uuid AS order_id) o
       LEFT JOIN payments p ON p.order_id = o.order_id
       LEFT JOIN charge_voids v ON v.order_id = o.order_id`,
    [orderId],
  );
  const payment = row?.payment_id == null ? undefined : toPayment(row as PaymentRow);
  return { payment, voided: row?.voided === true };
};

/**
 * Records the charge's outcome unless the order already has a payment (another delivery got
 * there first). Returns whether this call recorded it.
 */
export const insertPaymentOnce = async (
  tx: EntityManager,
  payment: Payment,
  recordedAt: Date,
): Promise<boolean> => {
  const inserted: unknown[] = await tx.query(
    `INSERT INTO payments (${COLUMNS}, recorded_at, charged_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $6 = 'CHARGED' THEN $9::timestamptz END)
     ON CONFLICT (order_id) DO NOTHING
     RETURNING payment_id`,
    [
      payment.paymentId,
      payment.orderId,
      payment.customerId,
      payment.amountCents,
      payment.currency,
      payment.status,
      payment.providerChargeId,
      payment.declineReason,
      recordedAt,
    ],
  );
  return inserted.length === 1;
};

/** CHARGED becomes REFUNDED; returns false when it was not CHARGED (already refunded). */
export const markRefunded = async (
  tx: EntityManager,
  paymentId: string,
  refund: Readonly<{ providerRefundId: string; reason: string; refundedAt: Date }>,
): Promise<boolean> => {
  // TypeORM answers an UPDATE with [rows, affected count].
  const [, updated] = (await tx.query(
    `UPDATE payments
        SET status = 'REFUNDED', provider_refund_id = $2, refund_reason = $3, refunded_at = $4
      WHERE payment_id = $1 AND status = 'CHARGED'`,
    [paymentId, refund.providerRefundId, refund.reason, refund.refundedAt],
  )) as [unknown[], number];
  return updated === 1;
};

/** Keeps the count and the last reason of failed refunds, for whoever looks at a parked saga. */
export const recordRefundFailure = async (
  tx: EntityManager,
  paymentId: string,
  reason: string,
): Promise<void> => {
  await tx.query(
    `UPDATE payments SET refund_failures = refund_failures + 1, last_refund_error = $2
      WHERE payment_id = $1`,
    [paymentId, reason],
  );
};
