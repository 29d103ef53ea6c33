/** One line of a placed order, as the projections count it. */
export type OrderLine = Readonly<{ sku: string; quantity: number; unitPriceCents: number }>;
