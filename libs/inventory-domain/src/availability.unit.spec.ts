import { describe, expect, it } from '@jest/globals';
import type { Product } from './stock.js';
import { answerAvailability } from './availability.js';

const mug: Product = { sku: 'MUG-001', name: 'Mug', priceCents: 1299, currency: 'EUR', stock: 5 };

describe('answering availability', () => {
  it('given enough stock, then the line is in stock with its price', () => {
    expect(answerAvailability([{ sku: 'MUG-001', quantity: 5 }], [mug])).toEqual({
      items: [
        {
          sku: 'MUG-001',
          name: 'Mug',
          priceCents: 1299,
          currency: 'EUR',
          requestedQuantity: 5,
          inStock: true,
        },
      ],
      unknownSkus: [],
    });
  });

  it('given more than the stock, then the line is not in stock', () => {
    expect(answerAvailability([{ sku: 'MUG-001', quantity: 6 }], [mug]).items[0]?.inStock).toBe(
      false,
    );
  });

  it('given a SKU the catalogue lacks, then it is listed as unknown and the rest still answered', () => {
    const answer = answerAvailability(
      [
        { sku: 'NOPE-9', quantity: 1 },
        { sku: 'MUG-001', quantity: 1 },
      ],
      [mug],
    );
    expect(answer.unknownSkus).toEqual(['NOPE-9']);
    expect(answer.items.map((item) => item.sku)).toEqual(['MUG-001']);
  });
});
