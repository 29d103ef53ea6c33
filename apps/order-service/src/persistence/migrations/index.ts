import { CreateOrders1795430000100 } from './1795430000100-create-orders.js';
import { CreateCheckoutSagas1795460000100 } from './1795460000100-create-checkout-sagas.js';
import { IndexOrdersByCreatedAt1795470000100 } from './1795470000100-index-orders-by-created-at.js';
import { ClaimIdempotencyKeysFirst1795480000100 } from './1795480000100-claim-idempotency-keys-first.js';
import { CreateCustomers1795490000100 } from './1795490000100-create-customers.js';

/** order-service's own schema changes, in order; the messaging tables come from their libraries. */
export const ORDER_MIGRATIONS = [
  CreateOrders1795430000100,
  CreateCheckoutSagas1795460000100,
  IndexOrdersByCreatedAt1795470000100,
  ClaimIdempotencyKeysFirst1795480000100,
  CreateCustomers1795490000100,
];
