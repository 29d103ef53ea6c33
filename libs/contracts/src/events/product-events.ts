import { z } from 'zod';
import type { MessageEnvelope } from '../envelope.js';

/** Prices are integer minor units (cents): no floating-point money anywhere. */
export const moneyCents = z.number().int().nonnegative();
export const sku = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/, 'must be an upper-case SKU like MUG-001');

/** inventory-service added a product to its catalogue. Aggregate id: the SKU. */
export const productAddedV1 = z.object({
  sku,
  name: z.string().min(1).max(200),
  priceCents: moneyCents,
  currency: z.literal('EUR'),
});
export type ProductAddedData = z.infer<typeof productAddedV1>;
export type ProductAdded = MessageEnvelope<'ProductAdded', ProductAddedData>;

/** inventory-service changed a product's price. Aggregate id: the SKU. */
export const productPriceChangedV1 = z.object({
  sku,
  priceCents: moneyCents,
  previousPriceCents: moneyCents,
  currency: z.literal('EUR'),
});
export type ProductPriceChangedData = z.infer<typeof productPriceChangedV1>;
export type ProductPriceChanged = MessageEnvelope<'ProductPriceChanged', ProductPriceChangedData>;
