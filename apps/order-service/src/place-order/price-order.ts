/**
 * Pricing an order from what the catalogue says: pure, no I/O, so every rule is unit-tested.
 * The catalogue comes from inventory-service when it answers in time, else from the local replica.
 */
export type RequestedLine = Readonly<{ sku: string; quantity: number }>;

export type CatalogueEntry = Readonly<{
  sku: string;
  priceCents: number;
  currency: 'EUR';
  /** Known only when inventory-service was asked; the replica has no stock figures. */
  inStock?: boolean;
}>;

export type PricedLine = Readonly<{ sku: string; quantity: number; unitPriceCents: number }>;

export type PricingOutcome =
  | Readonly<{ kind: 'priced'; lines: PricedLine[]; totalCents: number; currency: 'EUR' }>
  | Readonly<{ kind: 'unknown-skus'; skus: string[] }>
  | Readonly<{ kind: 'out-of-stock'; skus: string[] }>;

export const priceOrder = (
  requested: readonly RequestedLine[],
  catalogue: ReadonlyMap<string, CatalogueEntry>,
): PricingOutcome => {
  const unknown = requested.filter((line) => !catalogue.has(line.sku)).map((line) => line.sku);
  if (unknown.length > 0) return { kind: 'unknown-skus', skus: unknown };
  const entries = requested.map((line) => ({
    line,
    entry: catalogue.get(line.sku) as CatalogueEntry,
  }));
  const outOfStock = entries
    .filter(({ entry }) => entry.inStock === false)
    .map(({ line }) => line.sku);
  if (outOfStock.length > 0) return { kind: 'out-of-stock', skus: outOfStock };
  const lines = entries.map(({ line, entry }) => ({
    sku: line.sku,
    quantity: line.quantity,
    unitPriceCents: entry.priceCents,
  }));
  const totalCents = lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0);
  return { kind: 'priced', lines, totalCents, currency: 'EUR' };
};
