// The shapes of the stand-in processor's books, shared by the ledger, its journal and handlers.

export type ChargeRequest = Readonly<{
  orderId: string;
  customerId: string;
  amountCents: number;
  currency: string;
}>;

export type RefundRequest = Readonly<{ chargeId: string; amountCents: number }>;

export type Charge = Readonly<{
  chargeId: string;
  orderId: string;
  customerId: string;
  amountCents: number;
  currency: string;
  status: 'captured' | 'declined';
  declineReason?: string;
  createdAt: string;
}>;

export type Refund = Readonly<{
  refundId: string;
  chargeId: string;
  orderId: string;
  amountCents: number;
  status: 'refunded';
  refundedAt: string;
}>;

/** What an Idempotency-Key already stands for. */
export type EarlierAnswer<T> =
  | Readonly<{ kind: 'none' }>
  | Readonly<{ kind: 'replay'; value: T }>
  | Readonly<{ kind: 'key-reused' }>;

export type Refundability =
  | Readonly<{ kind: 'refundable'; charge: Charge }>
  | Readonly<{ kind: 'unknown-charge' | 'not-captured' }>
  | Readonly<{ kind: 'exceeds-charge'; remainingCents: number }>;

export type LedgerTotals = Readonly<{
  charges: Readonly<{ captured: number; declined: number }>;
  refunds: number;
  capturedCents: number;
  refundedCents: number;
  /** Captured minus refunded: what the shop holds. */
  netCents: number;
  /** Orders with more than one captured charge: must stay 0 (nothing charged twice). */
  ordersChargedMoreThanOnce: number;
}>;
