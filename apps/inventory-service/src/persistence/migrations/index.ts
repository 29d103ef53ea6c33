import { CreateProducts1795430000200 } from './1795430000200-create-products.js';

/** inventory-service's own schema changes, in order; the messaging tables come from their libraries. */
export const INVENTORY_MIGRATIONS = [CreateProducts1795430000200];
