import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The fence of a voided charge: once the saga gave up on an order's charge (VoidPayment) and the
 * provider held nothing, payment-service never charges that order again; a ChargePayment still
 * in a retry queue or redriven from the dead letters only looks the charge up. Not a payment:
 * no money moved, so it stays out of `payments` and of the reconciliation.
 */
export class CreateChargeVoids1795490000300 implements MigrationInterface {
  name = 'CreateChargeVoids1795490000300';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE charge_voids (
        order_id uuid PRIMARY KEY,
        reason text NOT NULL,
        voided_at timestamptz NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE charge_voids`);
  }
}
