/**
 * @pattern-shop/inventory-domain: inventory-service's pure rules (reserving stock, answering
 * availability) and the types they speak. No I/O: the service locks rows and passes numbers in.
 */
export type { StockChange, Product } from './stock.js';
export {
  decideReservation,
  totalsBySku,
  type RequestedLine,
  type ReservationDecision,
} from './reservation-decision.js';
export {
  answerAvailability,
  type AvailabilityAnswer,
  type AvailabilityQuestion,
} from './availability.js';
