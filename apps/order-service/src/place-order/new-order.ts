import type { PricedLine } from './price-order.js';

/** An order place-order has priced and accepted, as it is stored and announced (OrderPlaced). */
export type NewOrder = Readonly<{
  id: string;
  customerId: string;
  lines: readonly PricedLine[];
  totalCents: number;
  currency: 'EUR';
  availabilityChecked: boolean;
  correlationId: string;
  placedAt: Date;
}>;
