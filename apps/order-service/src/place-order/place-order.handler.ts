import type { DataSource } from 'typeorm';
import { signAccessToken } from '@pattern-shop/access-tokens';
import {
  createEnvelope,
  EXCHANGES,
  KAFKA_TOPICS,
  ROUTING_KEYS,
  type OrderPlaced,
} from '@pattern-shop/contracts';
import { appendToOutbox } from '@pattern-shop/messaging-outbox';
import type { CatalogueLookup } from '../catalogue/catalogue-lookup.js';
import type { CheckoutSagaRuntime } from '../checkout-saga/checkout-saga.runtime.js';
import {
  claimKey,
  type EarlierAnswer,
  findAnswer,
  requestHash,
  storeAnswer,
  type StoredAnswer,
} from '../idempotency/idempotency-keys.js';
import { insertNewOrder, type NewOrder } from '../persistence/order-rows.js';
import type { PlaceOrderRequest } from './place-order.request.js';
import { type PricedLine, priceOrder } from './price-order.js';

export type PlaceOrderCommand = Readonly<{
  request: PlaceOrderRequest;
  idempotencyKey?: string;
  correlationId: string;
}>;

export type PlaceOrderOutcome =
  | Readonly<{ kind: 'answered'; answer: StoredAnswer }>
  | Readonly<{ kind: 'key-used-for-another-request' }>
  | Readonly<{ kind: 'unknown-skus' | 'out-of-stock'; skus: string[] }>;

export type PlaceOrderDependencies = Readonly<{
  dataSource: DataSource;
  catalogue: CatalogueLookup;
  now: () => Date;
  newId: () => string;
  accessTokens: Readonly<{ secret: string; ttlSeconds: number }>;
  checkout: Pick<CheckoutSagaRuntime, 'start'>;
}>;

/**
 * Places an order: prices it (inventory-service, or the replica when it is down), then in ONE
 * local transaction writes the order, its history, the checkout saga with its first command, the
 * idempotency answer and the outbox rows.
 * Nothing is published here; the outbox relay publishes what this transaction committed.
 */
export class PlaceOrderHandler {
  constructor(private readonly deps: PlaceOrderDependencies) {}

  async placeOrder({
    request,
    idempotencyKey,
    correlationId,
  }: PlaceOrderCommand): Promise<PlaceOrderOutcome> {
    const hash = requestHash(request);
    if (idempotencyKey !== undefined) {
      const earlier = await findAnswer(
        this.deps.dataSource.manager,
        request.customerId,
        idempotencyKey,
        hash,
      );
      if (earlier !== undefined) return fromClaim(earlier);
    }
    const view = await this.deps.catalogue.lookup(request.items, correlationId);
    const priced = priceOrder(request.items, view.entries);
    if (priced.kind !== 'priced') return priced;

    const order: NewOrder = {
      id: this.deps.newId(),
      customerId: request.customerId,
      lines: priced.lines,
      totalCents: priced.totalCents,
      currency: priced.currency,
      availabilityChecked: view.availabilityChecked,
      correlationId,
      placedAt: this.deps.now(),
    };
    return this.deps.dataSource.transaction(async (tx) => {
      if (idempotencyKey !== undefined) {
        const claim = await claimKey(tx, request.customerId, idempotencyKey, hash);
        if (claim.kind !== 'claimed') return fromClaim(claim);
      }
      await insertNewOrder(tx, order);
      const placed = this.orderPlacedMessages(order);
      await appendToOutbox(tx, placed);
      await this.deps.checkout.start(tx, checkoutOf(order), {
        correlationId,
        causationId: placed[0].envelope.messageId,
      });
      const answer = { status: 202, body: this.acceptedBody(order) };
      if (idempotencyKey !== undefined)
        await storeAnswer(tx, request.customerId, idempotencyKey, answer);
      return { kind: 'answered', answer } as const;
    });
  }

  private orderPlacedMessages(order: NewOrder) {
    const event: OrderPlaced = createEnvelope({
      messageId: this.deps.newId(),
      type: 'OrderPlaced',
      version: 1,
      occurredAt: order.placedAt,
      correlationId: order.correlationId,
      causationId: order.correlationId,
      aggregateId: order.id,
      data: {
        orderId: order.id,
        customerId: order.customerId,
        lines: order.lines.map((line: PricedLine) => ({ ...line })),
        totalCents: order.totalCents,
        currency: order.currency,
        availabilityChecked: order.availabilityChecked,
        statusVersion: 1,
      },
    });
    return [
      {
        destination: 'rabbitmq',
        exchange: EXCHANGES.events,
        routingKey: ROUTING_KEYS.orderPlaced,
        envelope: event,
      },
      { destination: 'kafka', topic: KAFKA_TOPICS.orders, key: order.id, envelope: event },
    ] as const;
  }

  private acceptedBody(order: NewOrder) {
    return {
      orderId: order.id,
      status: 'PENDING',
      statusVersion: 1,
      total: { amountCents: order.totalCents, currency: order.currency },
      availabilityChecked: order.availabilityChecked,
      accessToken: signAccessToken(
        { scope: 'order', customerId: order.customerId, orderId: order.id },
        {
          secret: this.deps.accessTokens.secret,
          now: order.placedAt,
          ttlSeconds: this.deps.accessTokens.ttlSeconds,
        },
      ),
      links: { self: `/orders/${order.id}` },
    };
  }
}

const checkoutOf = (order: NewOrder) => ({
  orderId: order.id,
  customerId: order.customerId,
  totalCents: order.totalCents,
  currency: order.currency,
  lines: order.lines.map(({ sku, quantity }) => ({ sku, quantity })),
});

const fromClaim = (claim: EarlierAnswer): PlaceOrderOutcome =>
  claim.kind === 'replay'
    ? { kind: 'answered', answer: claim.answer }
    : { kind: 'key-used-for-another-request' };
