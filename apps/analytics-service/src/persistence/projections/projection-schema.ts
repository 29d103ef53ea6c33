import { quoted, type Sql } from '../sql.js';

/**
 * The projection tables, created in a schema of their own. Not a TypeORM migration on purpose:
 * projections are derived data, so the live schema and every replay's fresh schema are built by
 * this same DDL, and a change of their shape ships as a replay, not as an ALTER of live rows.
 *
 * - `order_facts`: one row per order; which of its facts were applied (with their message ids)
 *   and the lines of OrderPlaced, so a later OrderConfirmed can count the products.
 * - `refund_facts`: one row per refunded payment.
 * - `stream_positions`: per topic and partition the next offset to apply, written in each batch's
 *   transaction; a replay compares it with its own before it swaps in.
 * - the aggregates the API reads.
 */
export const projectionTablesDdl = (schema: string): string => {
  const s = quoted(schema);
  return `
    CREATE SCHEMA IF NOT EXISTS ${s};
    CREATE TABLE IF NOT EXISTS ${s}.stream_positions (
      topic text NOT NULL,
      partition integer NOT NULL,
      next_offset bigint NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (topic, partition));
    CREATE TABLE IF NOT EXISTS ${s}.order_facts (
      order_id uuid PRIMARY KEY,
      placed_message_id text,
      placed_at timestamptz,
      lines jsonb,
      placed_total_cents bigint,
      shipping_country text,
      confirmed_message_id text,
      confirmed_at timestamptz,
      confirmed_total_cents bigint,
      cancelled_message_id text,
      cancelled_at timestamptz);
    CREATE TABLE IF NOT EXISTS ${s}.refund_facts (
      payment_id uuid PRIMARY KEY,
      order_id uuid NOT NULL,
      message_id text NOT NULL,
      refunded_at timestamptz NOT NULL,
      amount_cents bigint NOT NULL);
    CREATE TABLE IF NOT EXISTS ${s}.orders_per_minute (
      minute timestamptz PRIMARY KEY,
      orders bigint NOT NULL);
    CREATE TABLE IF NOT EXISTS ${s}.daily_totals (
      day timestamptz PRIMARY KEY,
      placed bigint NOT NULL,
      confirmed bigint NOT NULL,
      cancelled bigint NOT NULL,
      revenue_cents bigint NOT NULL,
      refunded_cents bigint NOT NULL);
    CREATE TABLE IF NOT EXISTS ${s}.product_sales_daily (
      day timestamptz NOT NULL,
      sku text NOT NULL,
      quantity bigint NOT NULL,
      revenue_cents bigint NOT NULL,
      PRIMARY KEY (day, sku));`;
};

/** Creates the schema if missing; an advisory lock keeps two instances starting at once apart. */
export const ensureProjectionTables = async (
  db: Readonly<{ transaction: <T>(work: (tx: Sql) => Promise<T>) => Promise<T> }>,
  schema: string,
): Promise<void> =>
  db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('analytics projection schema'))`);
    await tx.query(projectionTablesDdl(schema));
  });

/** Drops a schema and its tables: a failed replay's, so nothing half-built is left behind. */
export const dropProjectionSchema = (db: Sql, schema: string): Promise<unknown> =>
  db.query(`DROP SCHEMA IF EXISTS ${quoted(schema)} CASCADE`);
