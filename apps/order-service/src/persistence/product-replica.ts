import type { EntityManager } from 'typeorm';
import type { ProductAddedData, ProductPriceChangedData } from '@pattern-shop/contracts';
import type { CatalogueEntry } from '../place-order/price-order.js';

/**
 * order-service's own copy of SKU, name and price, kept from inventory's product facts so an
 * order can be priced while inventory-service is down (data replication). A fact older than
 * what the replica holds is ignored, so a late redelivery never rolls a price back.
 */
export const readReplica = async (
  db: EntityManager,
  skus: readonly string[],
): Promise<Map<string, CatalogueEntry>> => {
  const rows: { sku: string; price_cents: string }[] = await db.query(
    `SELECT sku, price_cents FROM product_replica WHERE sku = ANY($1)`,
    [skus],
  );
  return new Map(
    rows.map((row) => [
      row.sku,
      { sku: row.sku, priceCents: Number(row.price_cents), currency: 'EUR' },
    ]),
  );
};

export const applyProductAdded = async (
  tx: EntityManager,
  data: ProductAddedData,
  occurredAt: string,
): Promise<void> => {
  await tx.query(
    `INSERT INTO product_replica (sku, name, price_cents, currency, updated_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (sku) DO UPDATE SET name = $2, price_cents = $3, currency = $4, updated_at = $5
     WHERE product_replica.updated_at < $5`,
    [data.sku, data.name, data.priceCents, data.currency, occurredAt],
  );
};

export const applyProductPriceChanged = async (
  tx: EntityManager,
  data: ProductPriceChangedData,
  occurredAt: string,
): Promise<void> => {
  await tx.query(
    `UPDATE product_replica SET price_cents = $2, currency = $3, updated_at = $4
      WHERE sku = $1 AND updated_at < $4`,
    [data.sku, data.priceCents, data.currency, occurredAt],
  );
};
