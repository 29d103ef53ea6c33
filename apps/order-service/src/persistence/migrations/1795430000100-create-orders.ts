import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Orders, their lines and status history, and the idempotency keys of POST /orders. */
export class CreateOrders1795430000100 implements MigrationInterface {
  name = 'CreateOrders1795430000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE orders (
        id uuid PRIMARY KEY,
        customer_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('PENDING', 'CONFIRMED', 'CANCELLED')),
        status_version integer NOT NULL CHECK (status_version > 0),
        total_cents bigint NOT NULL CHECK (total_cents >= 0),
        currency char(3) NOT NULL,
        availability_checked boolean NOT NULL,
        correlation_id text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX orders_by_customer ON orders (customer_id, created_at DESC, id)`);
    await db.query(`
      CREATE TABLE order_lines (
        order_id uuid NOT NULL REFERENCES orders (id),
        line_no smallint NOT NULL,
        sku text NOT NULL,
        quantity integer NOT NULL CHECK (quantity > 0),
        unit_price_cents bigint NOT NULL CHECK (unit_price_cents >= 0),
        PRIMARY KEY (order_id, line_no)
      )`);
    await db.query(`
      CREATE TABLE order_status_history (
        order_id uuid NOT NULL REFERENCES orders (id),
        status_version integer NOT NULL,
        status text NOT NULL,
        reason text NOT NULL,
        changed_at timestamptz NOT NULL,
        PRIMARY KEY (order_id, status_version)
      )`);
    // Keys are scoped per customer: two customers may pick the same key without colliding.
    await db.query(`
      CREATE TABLE idempotency_keys (
        customer_id text NOT NULL,
        idempotency_key text NOT NULL,
        request_hash text NOT NULL,
        response_status smallint,
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (customer_id, idempotency_key)
      )`);
    // The local copy of inventory's catalogue, fed by ProductAdded/ProductPriceChanged facts.
    await db.query(`
      CREATE TABLE product_replica (
        sku text PRIMARY KEY,
        name text NOT NULL,
        price_cents bigint NOT NULL CHECK (price_cents >= 0),
        currency char(3) NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'product_replica',
      'idempotency_keys',
      'order_status_history',
      'order_lines',
      'orders',
    ]) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
