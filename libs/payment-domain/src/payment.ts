export type PaymentStatus = 'CHARGED' | 'DECLINED' | 'REFUNDED';

/** A payment as the rules see it: one per order. The payments table's rows map to it. */
export type Payment = Readonly<{
  paymentId: string;
  orderId: string;
  customerId: string;
  amountCents: number;
  currency: 'EUR';
  status: PaymentStatus;
  providerChargeId: string | null;
  declineReason: string | null;
}>;

/** The provider's answer to a charge: captured with its charge id, or declined with a reason. */
export type ChargeResult =
  | Readonly<{ outcome: 'captured'; chargeId: string }>
  | Readonly<{ outcome: 'declined'; reason: string }>;
