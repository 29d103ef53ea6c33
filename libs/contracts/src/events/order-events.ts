import { z } from 'zod';
import type { MessageEnvelope } from '../envelope.js';
import { moneyCents, sku } from './product-events.js';

export const ORDER_STATUSES = ['PENDING', 'CONFIRMED', 'CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const orderLine = z.object({
  sku,
  quantity: z.number().int().min(1),
  unitPriceCents: moneyCents,
});

/** order-service accepted an order; the saga decides the rest. Aggregate id: the order id. */
export const orderPlacedV1 = z.object({
  orderId: z.uuid(),
  customerId: z.string().min(1),
  lines: z.array(orderLine).min(1),
  totalCents: moneyCents,
  currency: z.literal('EUR'),
  /** false when inventory-service could not be asked and prices came from the local replica. */
  availabilityChecked: z.boolean(),
  statusVersion: z.number().int().positive(),
});
export type OrderPlacedData = z.infer<typeof orderPlacedV1>;
export type OrderPlaced = MessageEnvelope<'OrderPlaced', OrderPlacedData>;
