import pg from 'pg';

/**
 * The peer's own tables, created by the bench or test before the peer starts (no ORM
 * synchronize): an order row per workflow, the stock it reserves from, and one reservation per
 * order, whose primary key is what makes reserving idempotent even outside DBOS's checkpoint.
 */
const tablesSql = (schema: string): string => `
  CREATE SCHEMA ${schema};
  CREATE TABLE ${schema}.orders (
    id uuid PRIMARY KEY,
    sku text NOT NULL,
    quantity int NOT NULL CHECK (quantity > 0),
    amount_cents int NOT NULL CHECK (amount_cents >= 0),
    status text NOT NULL CHECK (status IN ('PENDING', 'CONFIRMED', 'CANCELLED')),
    charge_id text,
    refund_id text,
    reason text,
    placed_at timestamptz NOT NULL,
    final_at timestamptz
  );
  CREATE TABLE ${schema}.stock (
    sku text PRIMARY KEY,
    price_cents int NOT NULL CHECK (price_cents >= 0),
    available int NOT NULL CHECK (available >= 0)
  );
  CREATE TABLE ${schema}.reservations (
    order_id uuid PRIMARY KEY REFERENCES ${schema}.orders (id),
    sku text NOT NULL REFERENCES ${schema}.stock (sku),
    quantity int NOT NULL
  );`;

const withClient = async <T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

/**
 * Drops and recreates both of the peer's schemas, so a run starts empty and DBOS finds no
 * workflows of an earlier run to recover. Only while no peer process runs.
 */
export const resetPeerSchemas = (url: string, schema: string, dbosSchema: string) =>
  withClient(url, async (client) => {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.query(`DROP SCHEMA IF EXISTS ${dbosSchema} CASCADE`);
    await client.query(tablesSql(schema));
  });

export const dropPeerSchemas = (url: string, schema: string, dbosSchema: string) =>
  withClient(url, async (client) => {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.query(`DROP SCHEMA IF EXISTS ${dbosSchema} CASCADE`);
  });

/** Sets a SKU's price and units on hand, adding the SKU when new. */
export const setPeerStock = (
  url: string,
  schema: string,
  stock: Readonly<{ sku: string; priceCents: number; available: number }>,
) =>
  withClient(url, (client) =>
    client.query(
      `INSERT INTO ${schema}.stock (sku, price_cents, available) VALUES ($1, $2, $3)
       ON CONFLICT (sku) DO UPDATE SET price_cents = $2, available = $3`,
      [stock.sku, stock.priceCents, stock.available],
    ),
  );
