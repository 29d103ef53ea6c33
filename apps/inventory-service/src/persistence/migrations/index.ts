import { CreateProducts1795430000200 } from './1795430000200-create-products.js';
import { CreateReservations1795450000100 } from './1795450000100-create-reservations.js';
import { CreateStockMovements1795450000200 } from './1795450000200-create-stock-movements.js';

/** inventory-service's own schema changes, in order; the messaging tables come from their libraries. */
export const INVENTORY_MIGRATIONS = [
  CreateProducts1795430000200,
  CreateReservations1795450000100,
  CreateStockMovements1795450000200,
];
