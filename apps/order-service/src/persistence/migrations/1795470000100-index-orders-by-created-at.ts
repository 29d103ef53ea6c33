import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The nightly reconciliation pages through a day's orders by the keyset (created_at, id): this
 * index answers each page with a range scan instead of sorting the day's orders every time.
 */
export class IndexOrdersByCreatedAt1795470000100 implements MigrationInterface {
  name = 'IndexOrdersByCreatedAt1795470000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX orders_by_created_at ON orders (created_at, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX orders_by_created_at`);
  }
}
