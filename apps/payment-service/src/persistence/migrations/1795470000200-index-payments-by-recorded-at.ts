import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The nightly reconciliation reads payments by `recorded_at` in keyset pages ordered by
 * (recorded_at, payment_id): this index answers each page with a range scan, however large the
 * table, instead of sorting the whole period for every page.
 */
export class IndexPaymentsByRecordedAt1795470000200 implements MigrationInterface {
  name = 'IndexPaymentsByRecordedAt1795470000200';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE INDEX payments_recorded_at_payment_id_idx ON payments (recorded_at, payment_id)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX payments_recorded_at_payment_id_idx`);
  }
}
