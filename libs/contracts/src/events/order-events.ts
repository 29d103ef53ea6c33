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
export type OrderPlacedV1Data = z.infer<typeof orderPlacedV1>;
/** What order-service publishes today (v1); consumers read the upcast latest version. */
export type OrderPlacedData = OrderPlacedV1Data;
export type OrderPlaced = MessageEnvelope<'OrderPlaced', OrderPlacedData>;

/**
 * v2: the shop ships beyond Germany, so the order says where it goes (ISO 3166-1 alpha-2).
 * Required here, hence a new version; v1 orders were all shipped within Germany, which is
 * what the v1 -> v2 upcaster fills in.
 */
export const orderPlacedV2 = orderPlacedV1.extend({
  shippingCountry: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code like DE'),
});
export type OrderPlacedV2Data = z.infer<typeof orderPlacedV2>;
export type OrderPlacedV2 = MessageEnvelope<'OrderPlaced', OrderPlacedV2Data>;

/** The saga confirmed the order: payment charged and stock reserved. Aggregate id: the order id. */
export const orderConfirmedV1 = z.object({
  orderId: z.uuid(),
  customerId: z.string().min(1),
  statusVersion: z.number().int().positive(),
  totalCents: moneyCents,
  currency: z.literal('EUR'),
});
export type OrderConfirmedData = z.infer<typeof orderConfirmedV1>;
export type OrderConfirmed = MessageEnvelope<'OrderConfirmed', OrderConfirmedData>;

/** The saga cancelled the order; `reason` is for people (emails, support), not for branching. */
export const orderCancelledV1 = z.object({
  orderId: z.uuid(),
  customerId: z.string().min(1),
  statusVersion: z.number().int().positive(),
  reason: z.string().min(1).max(500),
});
export type OrderCancelledData = z.infer<typeof orderCancelledV1>;
export type OrderCancelled = MessageEnvelope<'OrderCancelled', OrderCancelledData>;
