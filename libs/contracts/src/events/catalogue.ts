import type { z } from 'zod';
import { orderPlacedV1 } from './order-events.js';
import { productAddedV1, productPriceChangedV1 } from './product-events.js';

/**
 * Every message type and version the system publishes, with the schema of its `data`.
 * A consumer validates against this before handling; a payload that does not match is a
 * poison message and goes to the dead letters. New versions are added, never edited.
 */
export const MESSAGE_SCHEMAS = {
  ProductAdded: { 1: productAddedV1 },
  ProductPriceChanged: { 1: productPriceChangedV1 },
  OrderPlaced: { 1: orderPlacedV1 },
} as const satisfies Record<string, Record<number, z.ZodType>>;

export type MessageType = keyof typeof MESSAGE_SCHEMAS;

export const isKnownMessageType = (type: string): type is MessageType =>
  Object.hasOwn(MESSAGE_SCHEMAS, type);
