import { CreatePayments1795450000500 } from './1795450000500-create-payments.js';
import { IndexPaymentsByRecordedAt1795470000200 } from './1795470000200-index-payments-by-recorded-at.js';
import { CreateChargeVoids1795490000300 } from './1795490000300-create-charge-voids.js';

/** payment-service's own schema changes, in order; outbox and inbox tables come from their libraries. */
export const PAYMENT_MIGRATIONS = [
  CreatePayments1795450000500,
  IndexPaymentsByRecordedAt1795470000200,
  CreateChargeVoids1795490000300,
];
