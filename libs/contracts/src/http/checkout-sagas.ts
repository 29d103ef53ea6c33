/**
 * The checkout saga's statuses, as order-service's staff API answers them (GET /sagas/:orderId,
 * GET /sagas?state=): a contract with the console and the labs, owned by libs/checkout-saga.
 */
export const CHECKOUT_SAGA_STATUSES = [
  'CHARGING',
  /** The charge's outcome is unknown (deadline passed): settling what the provider holds. */
  'VOIDING',
  'RESERVING',
  'REFUNDING',
  'CONFIRMED',
  'CANCELLED',
  'COMPENSATION_FAILED',
] as const;
export type CheckoutSagaStatus = (typeof CHECKOUT_SAGA_STATUSES)[number];
