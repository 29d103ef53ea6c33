/** A signed change of one SKU's available stock. */
export type StockChange = Readonly<{ sku: string; delta: number }>;

/** A product as the inventory rules see it; the catalogue's rows map to it. */
export type Product = Readonly<{
  sku: string;
  name: string;
  priceCents: number;
  currency: 'EUR';
  stock: number;
}>;
