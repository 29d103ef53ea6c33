import type { AvailabilityResponse } from '@pattern-shop/contracts';
import type { Product } from './stock.js';

export type AvailabilityQuestion = ReadonlyArray<{ sku: string; quantity: number }>;

export type AvailabilityAnswer = AvailabilityResponse;

/** Whether each requested quantity is in stock right now; pure, so every rule is unit-tested. */
export const answerAvailability = (
  question: AvailabilityQuestion,
  products: readonly Product[],
): AvailabilityAnswer => {
  const bySku = new Map(products.map((product) => [product.sku, product]));
  const items = question.flatMap(({ sku, quantity }) => {
    const product = bySku.get(sku);
    return product === undefined
      ? []
      : [
          {
            sku,
            name: product.name,
            priceCents: product.priceCents,
            currency: product.currency,
            requestedQuantity: quantity,
            inStock: product.stock >= quantity,
          },
        ];
  });
  return {
    items,
    unknownSkus: question.filter(({ sku }) => !bySku.has(sku)).map(({ sku }) => sku),
  };
};
