import type { Product } from '@pattern-shop/inventory-domain';
import type { EntityManager } from 'typeorm';

type ProductRow = {
  sku: string;
  name: string;
  price_cents: string;
  currency: 'EUR';
  stock: number;
};

const toProduct = (row: ProductRow): Product => ({
  sku: row.sku,
  name: row.name,
  priceCents: Number(row.price_cents),
  currency: row.currency,
  stock: row.stock,
});

export const findProducts = async (
  db: EntityManager,
  skus: readonly string[],
): Promise<Product[]> =>
  ((await db.query(`SELECT * FROM products WHERE sku = ANY($1)`, [skus])) as ProductRow[]).map(
    toProduct,
  );

export const listProducts = async (
  db: EntityManager,
  { limit, offset }: { limit: number; offset: number },
): Promise<{ items: Product[]; total: number }> => {
  const rows = (await db.query(`SELECT * FROM products ORDER BY sku LIMIT $1 OFFSET $2`, [
    limit,
    offset,
  ])) as ProductRow[];
  const [{ total }] = (await db.query(`SELECT count(*)::int AS total FROM products`)) as [
    { total: number },
  ];
  return { items: rows.map(toProduct), total };
};

/** Inserts the product unless its SKU exists; true when it was new. */
export const insertProduct = async (
  tx: EntityManager,
  product: Product,
  now: Date,
): Promise<boolean> => {
  const inserted: unknown[] = await tx.query(
    `INSERT INTO products (sku, name, price_cents, currency, stock, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (sku) DO NOTHING RETURNING sku`,
    [product.sku, product.name, product.priceCents, product.currency, product.stock, now],
  );
  return inserted.length === 1;
};

/** Sets a new price and returns the previous one, or undefined for an unknown SKU. */
export const updatePrice = async (
  tx: EntityManager,
  sku: string,
  priceCents: number,
  now: Date,
): Promise<number | undefined> => {
  // A bare UPDATE answers [rows, count] through TypeORM; wrapped in a CTE it answers rows.
  const rows: { previous: string }[] = await tx.query(
    `WITH changed AS (
       UPDATE products p SET price_cents = $2, updated_at = $3
         FROM (SELECT price_cents AS previous FROM products WHERE sku = $1 FOR UPDATE) old
        WHERE p.sku = $1 RETURNING old.previous)
     SELECT previous FROM changed`,
    [sku, priceCents, now],
  );
  return rows[0] === undefined ? undefined : Number(rows[0].previous);
};
