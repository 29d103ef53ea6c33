import { describe, expect, it } from '@jest/globals';
import type { RefundPaymentData } from '@pattern-shop/contracts';
import type { Payment } from './payment.js';
import { decideRefund } from './refund-decision.js';

const charged: Payment = {
  paymentId: '6f1d1c2a-0000-4000-8000-000000000001',
  orderId: '6f1d1c2a-0000-4000-8000-0000000000aa',
  customerId: 'cust-1',
  amountCents: 2_000,
  currency: 'EUR',
  status: 'CHARGED',
  providerChargeId: 'ch_1',
  declineReason: null,
};
const refund: RefundPaymentData = {
  orderId: charged.orderId,
  paymentId: charged.paymentId,
  amountCents: 2_000,
  currency: 'EUR',
  reason: 'out of stock',
};

describe('deciding a refund before calling the provider', () => {
  it('given a charged payment, when a refund of its amount is asked, then the provider is called with its charge', () => {
    expect(decideRefund(charged, refund)).toEqual({ kind: 'call-provider', chargeId: 'ch_1' });
  });

  it('given a refunded payment, when asked again, then it is answered as refunded without a call', () => {
    expect(decideRefund({ ...charged, status: 'REFUNDED' }, refund)).toEqual({
      kind: 'already-refunded',
    });
  });

  it.each<[string, Payment | undefined, Partial<RefundPaymentData>, string]>([
    ['no payment', undefined, {}, `no payment ${charged.paymentId}`],
    [
      'a declined payment',
      { ...charged, status: 'DECLINED', declineReason: 'card_declined' },
      {},
      'declined',
    ],
    [
      'another order',
      charged,
      { orderId: '6f1d1c2a-0000-4000-8000-0000000000bb' },
      'belongs to order',
    ],
    ['more than was charged', charged, { amountCents: 2_001 }, 'exceeds the charge of 2000'],
  ])(
    'given %s, when a refund is asked, then it cannot be refunded and the reason says why',
    (_, payment, change, reason) => {
      const decision = decideRefund(payment, { ...refund, ...change });
      expect(decision.kind).toBe('cannot-refund');
      expect(decision.kind === 'cannot-refund' && decision.reason).toContain(reason);
    },
  );
});
