import { envelopes, EXCHANGES, ROUTING_KEYS } from '@pattern-shop/contracts';
import type { OutboxMessage } from '@pattern-shop/messaging-outbox';
import type { Product } from '@pattern-shop/inventory-domain';

export type FactContext = Readonly<{ messageId: string; occurredAt: Date; correlationId: string }>;

// Product facts replicate the catalogue to order-service over pub/sub; they are about SKUs, not
// orders, so they stay off the order-keyed Kafka topics. They are sent `mandatory`: a fact that
// no queue takes (the replica's queue not declared yet on a fresh broker) stays pending in the
// outbox and is sent again, instead of vanishing and leaving the replica without the product.
export const productAddedMessage = (product: Product, context: FactContext): OutboxMessage => {
  const envelope = envelopes.ProductAdded({
    ...context,
    causationId: context.correlationId,
    aggregateId: product.sku,
    data: {
      sku: product.sku,
      name: product.name,
      priceCents: product.priceCents,
      currency: product.currency,
    },
  });
  return {
    destination: 'rabbitmq',
    exchange: EXCHANGES.events,
    routingKey: ROUTING_KEYS.productAdded,
    envelope,
    mandatory: true,
  };
};

export const productPriceChangedMessage = (
  change: { sku: string; priceCents: number; previousPriceCents: number },
  context: FactContext,
): OutboxMessage => {
  const envelope = envelopes.ProductPriceChanged({
    ...context,
    causationId: context.correlationId,
    aggregateId: change.sku,
    data: { ...change, currency: 'EUR' },
  });
  return {
    destination: 'rabbitmq',
    exchange: EXCHANGES.events,
    routingKey: ROUTING_KEYS.productPriceChanged,
    envelope,
    mandatory: true,
  };
};
