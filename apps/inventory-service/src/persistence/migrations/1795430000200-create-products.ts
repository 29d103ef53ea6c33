import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The product catalogue: price and stock per SKU. */
export class CreateProducts1795430000200 implements MigrationInterface {
  name = 'CreateProducts1795430000200';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE products (
        sku text PRIMARY KEY,
        name text NOT NULL,
        price_cents bigint NOT NULL CHECK (price_cents >= 0),
        currency char(3) NOT NULL,
        stock integer NOT NULL CHECK (stock >= 0),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE products');
  }
}
