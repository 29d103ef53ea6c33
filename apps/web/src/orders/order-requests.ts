import { z } from 'zod';
import { sku } from '@pattern-shop/contracts';

/** The cart as the page sends it; the customer comes from the token, never from the body. */
export const checkoutRequest = z.strictObject({
  items: z
    .array(z.strictObject({ sku, quantity: z.number().int().min(1).max(1_000) }))
    .min(1)
    .max(50)
    .refine((items) => new Set(items.map((item) => item.sku)).size === items.length, {
      message: 'each sku may appear only once',
    }),
});
export type CheckoutRequest = z.infer<typeof checkoutRequest>;

/** Required here: the page makes one per checkout, so a double click places one order. */
export const checkoutKey = z
  .string({ error: 'is required: one key per checkout' })
  .regex(/^[\x21-\x7E]{1,128}$/, 'must be 1-128 printable characters without spaces');

export const orderId = z.uuid('must be an order id (a UUID)');

export const historyQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,512}$/, 'is not a cursor from a previous page')
    .optional(),
});
export type HistoryQuery = z.infer<typeof historyQuery>;
