import type { z } from 'zod';
import {
  orderCancelledV1,
  orderConfirmedV1,
  orderPlacedV1,
  orderPlacedV2,
} from './order-events.js';
import {
  chargePaymentV1,
  paymentChargedV1,
  paymentDeclinedV1,
  paymentRefundedV1,
  paymentRefundFailedV1,
  paymentVoidedV1,
  paymentVoidFailedV1,
  refundPaymentV1,
  voidPaymentV1,
} from './payment-messages.js';
import { productAddedV1, productPriceChangedV1 } from './product-events.js';
import { checkoutSagaParkedV1 } from './saga-messages.js';
import {
  releaseStockV1,
  reserveStockV1,
  stockReleasedV1,
  stockReservationFailedV1,
  stockReservedV1,
} from './stock-messages.js';

/**
 * Every message type and version the system publishes, with the schema of its `data`.
 * A consumer validates against this before handling; a payload that does not match is a
 * poison message and goes to the dead letters. Versions are added, never edited or removed:
 * old producers and messages still waiting in queues keep sending them (see docs/contracts.md).
 */
export const MESSAGE_SCHEMAS = {
  ProductAdded: { 1: productAddedV1 },
  ProductPriceChanged: { 1: productPriceChangedV1 },
  OrderPlaced: { 1: orderPlacedV1, 2: orderPlacedV2 },
  OrderConfirmed: { 1: orderConfirmedV1 },
  OrderCancelled: { 1: orderCancelledV1 },
  ChargePayment: { 1: chargePaymentV1 },
  RefundPayment: { 1: refundPaymentV1 },
  PaymentCharged: { 1: paymentChargedV1 },
  PaymentRefunded: { 1: paymentRefundedV1 },
  PaymentDeclined: { 1: paymentDeclinedV1 },
  PaymentRefundFailed: { 1: paymentRefundFailedV1 },
  VoidPayment: { 1: voidPaymentV1 },
  PaymentVoided: { 1: paymentVoidedV1 },
  PaymentVoidFailed: { 1: paymentVoidFailedV1 },
  ReserveStock: { 1: reserveStockV1 },
  ReleaseStock: { 1: releaseStockV1 },
  StockReserved: { 1: stockReservedV1 },
  StockReservationFailed: { 1: stockReservationFailedV1 },
  StockReleased: { 1: stockReleasedV1 },
  CheckoutSagaParked: { 1: checkoutSagaParkedV1 },
} as const satisfies Record<string, Record<number, z.ZodType>>;

export type MessageType = keyof typeof MESSAGE_SCHEMAS;

/**
 * The version each producer publishes today. It may stay behind the latest: a new version is
 * published only once every consumer reads it (docs/contracts.md), and that switch is this line.
 */
export const PUBLISHED_VERSIONS = {
  ProductAdded: 1,
  ProductPriceChanged: 1,
  OrderPlaced: 1,
  OrderConfirmed: 1,
  OrderCancelled: 1,
  ChargePayment: 1,
  RefundPayment: 1,
  PaymentCharged: 1,
  PaymentRefunded: 1,
  PaymentDeclined: 1,
  PaymentRefundFailed: 1,
  VoidPayment: 1,
  PaymentVoided: 1,
  PaymentVoidFailed: 1,
  ReserveStock: 1,
  ReleaseStock: 1,
  StockReserved: 1,
  StockReservationFailed: 1,
  StockReleased: 1,
  CheckoutSagaParked: 1,
} as const satisfies { readonly [T in MessageType]: keyof (typeof MESSAGE_SCHEMAS)[T] };

export const isKnownMessageType = (type: string): type is MessageType =>
  Object.hasOwn(MESSAGE_SCHEMAS, type);

/** The versions of a type, ascending. */
export const versionsOf = (type: MessageType): number[] =>
  Object.keys(MESSAGE_SCHEMAS[type])
    .map(Number)
    .sort((a, b) => a - b);

// Read for every message a consumer upcasts, so worked out once: the catalogue is a constant.
const LATEST_VERSIONS = new Map(
  (Object.keys(MESSAGE_SCHEMAS) as MessageType[]).map((type) => [
    type,
    Math.max(...versionsOf(type)),
  ]),
);

/** The newest version of a type: what consumers handle after upcasting. */
export const latestVersion = (type: MessageType): number =>
  LATEST_VERSIONS.get(type) ?? Math.max(...versionsOf(type));

/** The schema of one version, or undefined when the catalogue does not know that version. */
export const schemaOf = (type: MessageType, version: number): z.ZodType | undefined => {
  const versions: Readonly<Record<number, z.ZodType>> = MESSAGE_SCHEMAS[type];
  return Object.hasOwn(versions, version) ? versions[version] : undefined;
};
