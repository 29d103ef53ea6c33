/**
 * @pattern-shop/payment-domain: payment-service's pure rules (what a charge's answer makes of a
 * payment, whether a refund may be asked of the provider) and the types they speak. No I/O: the
 * service reads rows, calls the provider and passes the results in.
 */
export type { ChargeResult, Payment, PaymentStatus } from './payment.js';
export { paymentFromCharge } from './charged-payment.js';
export { decideRefund, type RefundDecision } from './refund-decision.js';
