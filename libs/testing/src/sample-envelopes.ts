import { randomUUID } from 'node:crypto';
import { createEnvelope } from '@pattern-shop/contracts';

/**
 * An OrderConfirmed envelope with fresh ids and empty data: for tests of the transport, which
 * never read what a message says.
 */
export const emptyOrderConfirmed = (messageId: string = randomUUID()) =>
  createEnvelope({
    messageId,
    type: 'OrderConfirmed',
    version: 1,
    occurredAt: new Date(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
    aggregateId: randomUUID(),
    data: {},
  });
