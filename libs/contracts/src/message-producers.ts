import type { MessageType } from './events/catalogue.js';
import type { ServiceName } from './services.js';

/**
 * Who alone may send each command and saga reply (docs/security.md, "Signed commands and
 * replies"): a consumer accepts one of these types only if it is signed by this service's key.
 */
export const SIGNED_MESSAGE_PRODUCERS = {
  ChargePayment: 'order-service',
  RefundPayment: 'order-service',
  VoidPayment: 'order-service',
  ReserveStock: 'order-service',
  ReleaseStock: 'order-service',
  PaymentCharged: 'payment-service',
  PaymentDeclined: 'payment-service',
  PaymentRefunded: 'payment-service',
  PaymentRefundFailed: 'payment-service',
  PaymentVoided: 'payment-service',
  PaymentVoidFailed: 'payment-service',
  StockReserved: 'inventory-service',
  StockReservationFailed: 'inventory-service',
  StockReleased: 'inventory-service',
} as const satisfies Partial<Record<MessageType, ServiceName>>;

export type SignedMessageType = keyof typeof SIGNED_MESSAGE_PRODUCERS;

/** The producer whose signature a message of `type` needs, or undefined for an unsigned type. */
export const signedProducerOf = (type: string): ServiceName | undefined =>
  Object.hasOwn(SIGNED_MESSAGE_PRODUCERS, type)
    ? SIGNED_MESSAGE_PRODUCERS[type as SignedMessageType]
    : undefined;
