import { z } from 'zod';
import type { MessageEnvelope } from '../envelope.js';

/**
 * The checkout saga gave up on a compensation after its bounded retries and now waits for a
 * person (`POST /sagas/:orderId/retry`). Sent to the queue `order.saga-parked`, which nobody
 * consumes automatically: it is the dead-letter queue for people. Aggregate id: the order id.
 */
export const checkoutSagaParkedV1 = z.object({
  orderId: z.uuid(),
  /** The step whose compensation kept failing, e.g. `RefundPayment`. */
  step: z.string().min(1).max(100),
  reason: z.string().min(1).max(500),
  attempts: z.number().int().min(1),
});
export type CheckoutSagaParkedData = z.infer<typeof checkoutSagaParkedV1>;
export type CheckoutSagaParked = MessageEnvelope<'CheckoutSagaParked', CheckoutSagaParkedData>;
