import { DBOS } from '@dbos-inc/dbos-sdk';
import type pg from 'pg';
import { chargeResultOf, refundIdOf, worthRetrying } from './provider-answers.js';

export type PlacedOrder = Readonly<{ orderId: string; sku: string; quantity: number }>;
export type CheckoutEnd = 'CONFIRMED' | 'CANCELLED';

export type CheckoutDeps = Readonly<{ pool: pg.Pool; paymentProviderUrl: string; schema: string }>;

// Steps that call the provider retry with backoff, a bounded number of times: past that the
// workflow stops in ERROR, its order still PENDING, for a person to resume (DBOS.resumeWorkflow).
const PROVIDER_STEP = {
  retriesAllowed: true,
  maxAttempts: 6,
  intervalSeconds: 0.2,
  backoffRate: 2,
  timeoutMS: 5_000,
  shouldRetry: worthRetrying,
} as const;

const postToProvider = async (baseUrl: string, path: string, key: string, body: object) => {
  const response = await fetch(new URL(path, baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(4_000),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
};

/**
 * Registers the checkout as one DBOS workflow (before DBOS.launch) and returns it. DBOS records
 * each step's outcome in PostgreSQL after the step, so a process that dies mid-checkout resumes
 * after the last recorded step when it starts again. A step cut off between its effect and that
 * record runs again, so every step is idempotent by key: the provider's Idempotency-Key, the
 * order's and the reservation's primary keys.
 */
export const registerCheckoutWorkflow = ({ pool, paymentProviderUrl, schema }: CheckoutDeps) => {
  const finishSql = `UPDATE ${schema}.orders SET status = $2, charge_id = $3, refund_id = $4,
      reason = $5, final_at = clock_timestamp() WHERE id = $1 AND status = 'PENDING'`;
  const takeStockAndConfirm = async (
    client: pg.PoolClient,
    order: PlacedOrder,
    chargeId: string,
  ) => {
    const taken = await client.query(
      `UPDATE ${schema}.stock SET available = available - $2 WHERE sku = $1 AND available >= $2`,
      [order.sku, order.quantity],
    );
    if (taken.rowCount === 0) return false;
    await client.query(finishSql, [order.orderId, 'CONFIRMED', chargeId, null, null]);
    return true;
  };

  /** Prices the order from the stock table; an unknown SKU is recorded as cancelled at once. */
  const recordOrder = DBOS.registerStep(
    async (order: PlacedOrder): Promise<number | undefined> => {
      const { rows } = await pool.query<{ status: string; amount_cents: number }>(
        `WITH placed AS (
           INSERT INTO ${schema}.orders (id, sku, quantity, amount_cents, status, reason, placed_at)
           SELECT $1, $2, $3, coalesce(s.price_cents * $3, 0),
                  CASE WHEN s.sku IS NULL THEN 'CANCELLED' ELSE 'PENDING' END,
                  CASE WHEN s.sku IS NULL THEN 'unknown sku' END, clock_timestamp()
             FROM (SELECT 1) AS one LEFT JOIN ${schema}.stock s ON s.sku = $2
           ON CONFLICT (id) DO NOTHING RETURNING status, amount_cents)
         SELECT status, amount_cents FROM placed
         UNION ALL SELECT status, amount_cents FROM ${schema}.orders WHERE id = $1`,
        [order.orderId, order.sku, order.quantity],
      );
      const [row] = rows;
      return row?.status === 'PENDING' ? row.amount_cents : undefined;
    },
    { name: 'recordOrder' },
  );

  const charge = DBOS.registerStep(
    async (orderId: string, amountCents: number) =>
      chargeResultOf(
        await postToProvider(paymentProviderUrl, '/charges', orderId, {
          orderId,
          customerId: 'dbos-peer-guest',
          amountCents,
          currency: 'EUR',
        }),
      ),
    { name: 'charge', ...PROVIDER_STEP },
  );

  /**
   * Same rule as inventory-service: all units or none, never below zero. The one database lets
   * the reservation and the confirmation commit together; a reservation already there means an
   * earlier run of this step committed both.
   */
  const reserveAndConfirm = DBOS.registerStep(
    async (order: PlacedOrder, chargeId: string): Promise<boolean> => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const claimed = await client.query(
          `INSERT INTO ${schema}.reservations (order_id, sku, quantity) VALUES ($1, $2, $3)
           ON CONFLICT (order_id) DO NOTHING`,
          [order.orderId, order.sku, order.quantity],
        );
        const outcome =
          claimed.rowCount === 0 ? true : await takeStockAndConfirm(client, order, chargeId);
        await client.query(outcome ? 'COMMIT' : 'ROLLBACK');
        return outcome;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    { name: 'reserveAndConfirm' },
  );

  const refund = DBOS.registerStep(
    async (orderId: string, chargeId: string, amountCents: number) =>
      refundIdOf(
        await postToProvider(paymentProviderUrl, '/refunds', `refund-${orderId}`, {
          chargeId,
          amountCents,
        }),
      ),
    { name: 'refund', ...PROVIDER_STEP },
  );

  const cancel = DBOS.registerStep(
    async (orderId: string, reason: string, chargeId?: string, refundId?: string) => {
      await pool.query(finishSql, [
        orderId,
        'CANCELLED',
        chargeId ?? null,
        refundId ?? null,
        reason,
      ]);
    },
    { name: 'cancel' },
  );

  return DBOS.registerWorkflow(
    async (order: PlacedOrder): Promise<CheckoutEnd> => {
      const amountCents = await recordOrder(order);
      if (amountCents === undefined) return 'CANCELLED';
      const charged = await charge(order.orderId, amountCents);
      if (charged.kind === 'declined') {
        await cancel(order.orderId, `payment declined: ${charged.reason}`);
        return 'CANCELLED';
      }
      if (await reserveAndConfirm(order, charged.chargeId)) return 'CONFIRMED';
      const refundId = await refund(order.orderId, charged.chargeId, amountCents);
      await cancel(order.orderId, 'out of stock', charged.chargeId, refundId);
      return 'CANCELLED';
    },
    { name: 'checkout' },
  );
};
