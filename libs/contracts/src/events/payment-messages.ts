import { z } from 'zod';
import type { MessageEnvelope } from '../envelope.js';
import { moneyCents } from './product-events.js';

// Payment facts (published by payment-service) and the saga's commands to it. Aggregate id of
// every one: the order id, so all messages of one order stay in order on one partition.

const amount = { amountCents: moneyCents, currency: z.literal('EUR') };
const reason = z.string().min(1).max(500);

/** Command: charge the customer for the order. Idempotent per order id on the receiving side. */
export const chargePaymentV1 = z.object({
  orderId: z.uuid(),
  customerId: z.string().min(1),
  ...amount,
});
export type ChargePaymentData = z.infer<typeof chargePaymentV1>;
export type ChargePayment = MessageEnvelope<'ChargePayment', ChargePaymentData>;

/** Command: give back a charge, e.g. when stock could not be reserved after paying. */
export const refundPaymentV1 = z.object({
  orderId: z.uuid(),
  paymentId: z.uuid(),
  ...amount,
  reason,
});
export type RefundPaymentData = z.infer<typeof refundPaymentV1>;
export type RefundPayment = MessageEnvelope<'RefundPayment', RefundPaymentData>;

export const paymentChargedV1 = z.object({ orderId: z.uuid(), paymentId: z.uuid(), ...amount });
export type PaymentChargedData = z.infer<typeof paymentChargedV1>;
export type PaymentCharged = MessageEnvelope<'PaymentCharged', PaymentChargedData>;

export const paymentRefundedV1 = z.object({ orderId: z.uuid(), paymentId: z.uuid(), ...amount });
export type PaymentRefundedData = z.infer<typeof paymentRefundedV1>;
export type PaymentRefunded = MessageEnvelope<'PaymentRefunded', PaymentRefundedData>;

/** The charge was declined; nothing was taken, so nothing needs refunding. */
export const paymentDeclinedV1 = z.object({ orderId: z.uuid(), ...amount, reason });
export type PaymentDeclinedData = z.infer<typeof paymentDeclinedV1>;
export type PaymentDeclined = MessageEnvelope<'PaymentDeclined', PaymentDeclinedData>;

/**
 * The provider refused or could not take a refund. The money is still with the shop: the saga
 * retries the compensation with backoff and, when it keeps failing, parks for a person.
 */
export const paymentRefundFailedV1 = z.object({
  orderId: z.uuid(),
  paymentId: z.uuid(),
  ...amount,
  reason,
});
export type PaymentRefundFailedData = z.infer<typeof paymentRefundFailedV1>;
export type PaymentRefundFailed = MessageEnvelope<'PaymentRefundFailed', PaymentRefundFailedData>;

/**
 * Command: the saga gave up on the charge without knowing its outcome (a timeout, an open
 * breaker, a crash mid-call). Settle whatever the provider holds under the order's Idempotency-Key
 * and never charge the order after this: answered PaymentCharged (found: the saga refunds it),
 * PaymentDeclined, PaymentRefunded (already given back), PaymentVoided (nothing held) or
 * PaymentVoidFailed (still unknown: the saga tries again).
 */
export const voidPaymentV1 = z.object({ orderId: z.uuid(), ...amount, reason });
export type VoidPaymentData = z.infer<typeof voidPaymentV1>;
export type VoidPayment = MessageEnvelope<'VoidPayment', VoidPaymentData>;

/** The provider holds no charge for the order, and payment-service will not make one. */
export const paymentVoidedV1 = z.object({ orderId: z.uuid(), ...amount });
export type PaymentVoidedData = z.infer<typeof paymentVoidedV1>;
export type PaymentVoided = MessageEnvelope<'PaymentVoided', PaymentVoidedData>;

/** The provider could not be asked what it holds: the outcome is still unknown. */
export const paymentVoidFailedV1 = z.object({ orderId: z.uuid(), ...amount, reason });
export type PaymentVoidFailedData = z.infer<typeof paymentVoidFailedV1>;
export type PaymentVoidFailed = MessageEnvelope<'PaymentVoidFailed', PaymentVoidFailedData>;
