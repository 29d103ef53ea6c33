import { z } from 'zod';
import { sku } from '@pattern-shop/contracts';

/** Limits that keep one request cheap to validate, price and store. */
export const MAX_LINES = 50;
export const MAX_QUANTITY = 1_000;

export const customerId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, "-" or "_"');

const items = z
  .array(
    z.strictObject({
      sku,
      quantity: z.number().int().min(1).max(MAX_QUANTITY),
    }),
  )
  .min(1)
  .max(MAX_LINES)
  .refine((lines) => new Set(lines.map((line) => line.sku)).size === lines.length, {
    message: 'each sku may appear only once',
  });

/**
 * The body of POST /orders: the items only, the customer comes from the token. Unknown fields
 * are refused, so a typo never passes silently.
 */
export const placeOrderBody = z.strictObject({ items });
export type PlaceOrderBody = z.infer<typeof placeOrderBody>;

/** What the handler places: the body and the customer its token names. */
export const placeOrderRequest = placeOrderBody.extend({ customerId });
export type PlaceOrderRequest = z.infer<typeof placeOrderRequest>;

/** Optional `Idempotency-Key` header: printable ASCII, no spaces, up to 128 characters. */
export const idempotencyKey = z
  .string()
  .regex(/^[\x21-\x7E]{1,128}$/, 'must be 1-128 printable characters without spaces')
  .optional();
