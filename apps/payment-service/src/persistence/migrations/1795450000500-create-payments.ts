import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per order: `order_id` is UNIQUE, so however often the saga asks, an order has at most
 * one payment, and a repeated ChargePayment is answered from this row. The refund lives on the
 * same row (one charge, at most one refund), with the last failed attempt kept for operators.
 */
export class CreatePayments1795450000500 implements MigrationInterface {
  name = 'CreatePayments1795450000500';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE payments (
        payment_id uuid PRIMARY KEY,
        order_id uuid NOT NULL UNIQUE,
        customer_id text NOT NULL,
        amount_cents bigint NOT NULL CHECK (amount_cents >= 0),
        currency text NOT NULL,
        status text NOT NULL CHECK (status IN ('CHARGED', 'DECLINED', 'REFUNDED')),
        provider_charge_id text, -- the provider's id, also for a declined charge
        decline_reason text,
        recorded_at timestamptz NOT NULL,
        charged_at timestamptz, -- set when CHARGED, kept when REFUNDED
        provider_refund_id text,
        refund_reason text,
        refunded_at timestamptz,
        refund_failures integer NOT NULL DEFAULT 0,
        last_refund_error text,
        CHECK ((status = 'DECLINED') = (decline_reason IS NOT NULL)),
        CHECK ((status = 'REFUNDED') = (refunded_at IS NOT NULL))
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE payments`);
  }
}
