import type { ReconciliationPayment, SettlementEntry } from '@pattern-shop/contracts';
import type { LedgerEntry, PaymentRecord } from '../invariants/snapshot.js';
import { readAllPages } from './read-access.js';
import type { SystemAddresses } from './system-addresses.js';

type Period = Readonly<{ from: Date; to: Date }>;

/**
 * payment-service's books through its staff API. Payments are paged by when they were recorded,
 * so the period runs from the window's start to now: an order placed near the end is charged
 * after it.
 */
export const readPayments = async (
  addresses: SystemAddresses,
  period: Period,
): Promise<PaymentRecord[]> => {
  const payments = await readAllPages<ReconciliationPayment>(
    addresses.apps.payments,
    period,
    addresses.serviceToken,
  );
  return payments.map(({ paymentId, orderId, status, amountCents }) => {
    return { paymentId, orderId, status, amountCents };
  });
};

/** The provider's settlement (money that moved) through its API, never its storage. */
export const readLedger = async (
  addresses: SystemAddresses,
  period: Period,
): Promise<LedgerEntry[]> => {
  const entries = await readAllPages<SettlementEntry>(
    addresses.apps.provider,
    period,
    addresses.serviceToken,
  );
  return entries.map(({ kind, id, chargeId, orderId, amountCents }) => {
    return { kind, id, chargeId, orderId, amountCents };
  });
};
