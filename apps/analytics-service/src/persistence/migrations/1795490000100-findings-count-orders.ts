import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A finding may now count orders: an order on one side only of order-service and the stream
 * (`order_only_in_stream`, `order_missing_from_stream`) expects 1 order and finds 0.
 */
export class FindingsCountOrders1795490000100 implements MigrationInterface {
  name = 'FindingsCountOrders1795490000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE reconciliation_findings
      DROP CONSTRAINT reconciliation_findings_unit_check,
      ADD CONSTRAINT reconciliation_findings_unit_check
        CHECK (unit IN ('cents', 'units', 'orders'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM reconciliation_findings WHERE unit = 'orders'`);
    await db.query(`ALTER TABLE reconciliation_findings
      DROP CONSTRAINT reconciliation_findings_unit_check,
      ADD CONSTRAINT reconciliation_findings_unit_check CHECK (unit IN ('cents', 'units'))`);
  }
}
