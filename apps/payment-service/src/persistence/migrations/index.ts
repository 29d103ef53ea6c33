import { CreatePayments1795450000500 } from './1795450000500-create-payments.js';

/** payment-service's own schema changes, in order; outbox and inbox tables come from their libraries. */
export const PAYMENT_MIGRATIONS = [CreatePayments1795450000500];
