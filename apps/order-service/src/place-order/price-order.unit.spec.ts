import { describe, expect, it } from '@jest/globals';
import { type CatalogueEntry, priceOrder } from './price-order.js';

const catalogue = (...entries: CatalogueEntry[]) =>
  new Map(entries.map((entry) => [entry.sku, entry]));
const mug: CatalogueEntry = { sku: 'MUG-001', priceCents: 1299, currency: 'EUR', inStock: true };
const tee: CatalogueEntry = { sku: 'TEE-002', priceCents: 2500, currency: 'EUR', inStock: true };

describe('pricing an order', () => {
  it('given known SKUs in stock, then each line gets its unit price and the total adds up', () => {
    const outcome = priceOrder(
      [
        { sku: 'MUG-001', quantity: 2 },
        { sku: 'TEE-002', quantity: 1 },
      ],
      catalogue(mug, tee),
    );
    expect(outcome).toEqual({
      kind: 'priced',
      lines: [
        { sku: 'MUG-001', quantity: 2, unitPriceCents: 1299 },
        { sku: 'TEE-002', quantity: 1, unitPriceCents: 2500 },
      ],
      totalCents: 5098,
      currency: 'EUR',
    });
  });

  it('given a SKU the catalogue does not know, then it names every unknown SKU', () => {
    expect(
      priceOrder(
        [
          { sku: 'NOPE-1', quantity: 1 },
          { sku: 'MUG-001', quantity: 1 },
          { sku: 'NOPE-2', quantity: 1 },
        ],
        catalogue(mug),
      ),
    ).toEqual({
      kind: 'unknown-skus',
      skus: ['NOPE-1', 'NOPE-2'],
    });
  });

  it('given inventory said a line is not in stock, then the order is refused naming it', () => {
    const soldOut = { ...tee, inStock: false };
    expect(
      priceOrder(
        [
          { sku: 'MUG-001', quantity: 1 },
          { sku: 'TEE-002', quantity: 3 },
        ],
        catalogue(mug, soldOut),
      ),
    ).toEqual({
      kind: 'out-of-stock',
      skus: ['TEE-002'],
    });
  });

  it('given prices from the replica (stock unknown), then the order is priced and stock is left to the saga', () => {
    const fromReplica = { sku: 'MUG-001', priceCents: 1299, currency: 'EUR' } as const;
    expect(priceOrder([{ sku: 'MUG-001', quantity: 3 }], catalogue(fromReplica))).toMatchObject({
      kind: 'priced',
      totalCents: 3897,
    });
  });
});
