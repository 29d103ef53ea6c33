import type { ChargePaymentData } from '@pattern-shop/contracts';
import type { ChargeResult, Payment } from './payment.js';

/** The payment a provider's answer makes of a ChargePayment: CHARGED with its charge, or DECLINED. */
export const paymentFromCharge = (
  command: ChargePaymentData,
  result: ChargeResult,
  paymentId: string,
): Payment => ({
  paymentId,
  orderId: command.orderId,
  customerId: command.customerId,
  amountCents: command.amountCents,
  currency: command.currency,
  ...(result.outcome === 'captured'
    ? { status: 'CHARGED', providerChargeId: result.chargeId, declineReason: null }
    : { status: 'DECLINED', providerChargeId: null, declineReason: result.reason }),
});
