import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Registered customers of the stand-in shop's sign-in (guests have no row). Like every table
 * here it belongs to order_service alone: infra/db/init.sql closes the database and its schema
 * to every other role, and PUBLIC gets nothing on the table either.
 */
export class CreateCustomers1795490000100 implements MigrationInterface {
  name = 'CreateCustomers1795490000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE customers (
        id text PRIMARY KEY CHECK (id LIKE 'cust-%'),
        email text NOT NULL UNIQUE CHECK (email = lower(email)),
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await db.query(`REVOKE ALL ON TABLE customers FROM PUBLIC`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE customers`);
  }
}
