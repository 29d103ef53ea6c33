import { CreateOrders1795430000100 } from './1795430000100-create-orders.js';

/** order-service's own schema changes, in order; the messaging tables come from their libraries. */
export const ORDER_MIGRATIONS = [CreateOrders1795430000100];
