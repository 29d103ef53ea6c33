import { z } from 'zod';
import type { MessageEnvelope } from '../envelope.js';
import { sku } from './product-events.js';

// Stock facts (published by inventory-service) and the saga's commands to it. A reservation is
// keyed by the order id: one per order, so releasing needs nothing but the order id.

export const stockLine = z.object({ sku, quantity: z.number().int().min(1) });
const stockLines = z.array(stockLine).min(1);
const reason = z.string().min(1).max(500);

/** Command: hold these quantities for the order, all or nothing. */
export const reserveStockV1 = z.object({ orderId: z.uuid(), lines: stockLines });
export type ReserveStockData = z.infer<typeof reserveStockV1>;
export type ReserveStock = MessageEnvelope<'ReserveStock', ReserveStockData>;

/** Command: give the order's reservation back (compensation after a cancelled order). */
export const releaseStockV1 = z.object({ orderId: z.uuid(), reason });
export type ReleaseStockData = z.infer<typeof releaseStockV1>;
export type ReleaseStock = MessageEnvelope<'ReleaseStock', ReleaseStockData>;

export const stockReservedV1 = z.object({ orderId: z.uuid(), lines: stockLines });
export type StockReservedData = z.infer<typeof stockReservedV1>;
export type StockReserved = MessageEnvelope<'StockReserved', StockReservedData>;

/** Nothing was reserved; `unavailableSkus` names the lines that could not be covered. */
export const stockReservationFailedV1 = z.object({
  orderId: z.uuid(),
  reason,
  unavailableSkus: z.array(sku),
});
export type StockReservationFailedData = z.infer<typeof stockReservationFailedV1>;
export type StockReservationFailed = MessageEnvelope<
  'StockReservationFailed',
  StockReservationFailedData
>;

export const stockReleasedV1 = z.object({ orderId: z.uuid(), lines: stockLines });
export type StockReleasedData = z.infer<typeof stockReleasedV1>;
export type StockReleased = MessageEnvelope<'StockReleased', StockReleasedData>;
