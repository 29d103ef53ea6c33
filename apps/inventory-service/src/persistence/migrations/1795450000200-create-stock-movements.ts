import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The stock ledger: every change of `products.stock` writes one row here in the same transaction,
 * so the nightly reconciliation can account for each unit per order and per day. `quantity` is
 * the signed change of available stock (a reservation is negative, a release positive). An order
 * moves each SKU at most once per kind, which the unique index holds even against a bug.
 */
export class CreateStockMovements1795450000200 implements MigrationInterface {
  name = 'CreateStockMovements1795450000200';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE stock_movements (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        order_id uuid,
        sku text NOT NULL REFERENCES products (sku),
        quantity integer NOT NULL CHECK (quantity <> 0),
        kind text NOT NULL CHECK (kind IN ('RESERVE', 'RELEASE', 'RESTOCK')),
        occurred_at timestamptz NOT NULL,
        CHECK ((kind = 'RESTOCK') = (order_id IS NULL))
      )`);
    await db.query(
      `CREATE UNIQUE INDEX stock_movements_order_sku_kind_idx
         ON stock_movements (order_id, sku, kind) WHERE order_id IS NOT NULL`,
    );
    await db.query(`CREATE INDEX stock_movements_occurred_at_idx ON stock_movements (occurred_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE stock_movements`);
  }
}
