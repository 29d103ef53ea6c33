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
