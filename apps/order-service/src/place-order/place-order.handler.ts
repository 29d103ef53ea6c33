import type { DataSource, EntityManager } from 'typeorm';
import { envelopes, EXCHANGES, KAFKA_TOPICS, ROUTING_KEYS } from '@pattern-shop/contracts';
import { appendToOutbox } from '@pattern-shop/messaging-outbox';
import type { CatalogueLookup } from '../catalogue/catalogue-lookup.js';
import type { CheckoutSagaRuntime } from '../checkout-saga/checkout-saga.runtime.js';
import { requestHash, type StoredAnswer } from '../idempotency/idempotency-keys.js';
import { type ClaimedKey, claimOrWait, type KeyWait } from '../idempotency/claim-or-wait.js';
import { findAnswer, releaseClaim } from '../persistence/idempotency-key-rows.js';
import { insertNewOrder } from '../persistence/order-rows.js';
import { limitStatementTime } from '../persistence/statement-timeout.js';
import type { NewOrder } from './new-order.js';
import { acceptedAnswer, refusedAnswer } from './place-order.answers.js';
import { asDeadlinePassed, DeadlinePassed } from './place-order.deadline.js';
import type { PlaceOrderRequest } from './place-order.request.js';
import { type PricedLine, priceOrder } from './price-order.js';
import type { PublishAfterCommit } from './publish-after-commit.js';

export type PlaceOrderCommand = Readonly<{
  request: PlaceOrderRequest;
  idempotencyKey?: string;
  correlationId: string;
  /**
   * Whether the client has hung up. A request can wait in the kernel's listen queue longer than
   * its client waits, and the server's deadline starts only when the request reaches us.
   */
  clientGone?: () => boolean;
}>;

export type PlaceOrderOutcome =
  | Readonly<{ kind: 'answered'; answer: StoredAnswer }>
  | Exclude<KeyWait, { kind: 'claimed' } | { kind: 'replay' }>
  | Readonly<{ kind: 'deadline-passed'; reason: string }>;

export type PlaceOrderDependencies = Readonly<{
  dataSource: DataSource;
  catalogue: CatalogueLookup;
  now: () => Date;
  newId: () => string;
  accessTokens: Readonly<{ secret: string; ttlSeconds: number }>;
  checkout: Pick<CheckoutSagaRuntime, 'start'>;
  /** The request's server-side deadline: work not committed by then is rolled back. */
  deadlineMs: number;
  /** The weak variant `publish-after-commit` (chaos lab only): OrderPlaced skips the outbox. */
  publishAfterCommit?: Pick<PublishAfterCommit, 'publish'>;
}>;

/**
 * Places an order: claims the Idempotency-Key first (committed on its own, so a concurrent
 * retry waits for this answer instead of evaluating again), prices the order (inventory-service,
 * or the replica when it is down), then in ONE local transaction writes the order, its history,
 * the checkout saga with its first command, the outbox rows and the key's answer. Whatever the
 * request decides, 202 or 422, becomes the key's answer, unless the deadline passed first.
 */
export class PlaceOrderHandler {
  constructor(private readonly deps: PlaceOrderDependencies) {}

  async placeOrder(command: PlaceOrderCommand): Promise<PlaceOrderOutcome> {
    const deadline = this.deps.now().getTime() + this.deps.deadlineMs;
    const { request, idempotencyKey } = command;
    if (command.clientGone?.()) return clientWentAway;
    const ref = idempotencyKey && { customerId: request.customerId, key: idempotencyKey };
    let claim: ClaimedKey | undefined;
    if (ref) {
      const wait = await claimOrWait(this.deps, ref, requestHash(request), deadline);
      if (wait.kind === 'replay') return { kind: 'answered', answer: wait.answer };
      if (wait.kind !== 'claimed') return wait;
      claim = wait;
    }
    try {
      return { kind: 'answered', answer: await this.decide(command, deadline, claim) };
    } catch (error) {
      // The database may be why we are here: an unreleased claim still lapses at its deadline.
      if (claim)
        await releaseClaim(this.deps.dataSource.manager, claim.ref, claim.token).catch(
          () => undefined,
        );
      const late = asDeadlinePassed(error);
      if (late) return { kind: 'deadline-passed', reason: late.reason };
      throw error;
    }
  }

  /**
   * The answer a key already has for this request, if any: read while new work is shed, so a
   * client whose order was placed learns it instead of retrying into 503s until it gives up.
   */
  async answerGivenBefore(
    request: PlaceOrderRequest,
    idempotencyKey: string,
  ): Promise<StoredAnswer | undefined> {
    const ref = { customerId: request.customerId, key: idempotencyKey };
    const earlier = await findAnswer(this.deps.dataSource.manager, ref, requestHash(request));
    return earlier?.kind === 'replay' ? earlier.answer : undefined;
  }

  private async decide(
    command: PlaceOrderCommand,
    deadline: number,
    claim: ClaimedKey | undefined,
  ): Promise<StoredAnswer> {
    const { request, correlationId } = command;
    const view = await this.deps.catalogue.lookup(request.items, correlationId);
    const priced = priceOrder(request.items, view.entries);
    if (priced.kind !== 'priced') {
      const answer = refusedAnswer(priced);
      await this.keep(this.deps.dataSource.manager, claim, answer, deadline, command);
      return answer;
    }
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
    const placed = this.orderPlacedMessages(order);
    const { publishAfterCommit } = this.deps;
    const answer = await this.deps.dataSource.transaction(async (tx) => {
      // No statement may outlive the request: past its deadline the client has moved on.
      const remainingMs = Math.max(1, deadline - this.deps.now().getTime());
      await limitStatementTime(tx, remainingMs);
      await insertNewOrder(tx, order);
      if (publishAfterCommit === undefined) await appendToOutbox(tx, placed);
      await this.deps.checkout.start(tx, checkoutOf(order), {
        correlationId,
        causationId: placed[0].envelope.messageId,
      });
      const accepted = acceptedAnswer(order, this.deps.accessTokens);
      await this.keep(tx, claim, accepted, deadline, command);
      return accepted;
    });
    void publishAfterCommit?.publish(placed);
    return answer;
  }

  /**
   * Stores the key's answer while its claim holds; past the deadline, or with the client gone
   * (it will retry with its key, or never learn of the order), throws to roll back.
   */
  private async keep(
    db: EntityManager,
    claim: ClaimedKey | undefined,
    answer: StoredAnswer,
    deadline: number,
    command: PlaceOrderCommand,
  ): Promise<void> {
    const inTime = claim ? await claim.store(db, answer) : this.deps.now().getTime() < deadline;
    if (!inTime) throw new DeadlinePassed('the request passed its deadline before it committed');
    if (command.clientGone?.()) throw new DeadlinePassed(clientWentAway.reason);
  }

  private orderPlacedMessages(order: NewOrder) {
    const event = envelopes.OrderPlaced({
      messageId: this.deps.newId(),
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
}

const clientWentAway = {
  kind: 'deadline-passed',
  reason: 'the client hung up before the order was committed',
} as const;

const checkoutOf = (order: NewOrder) => ({
  orderId: order.id,
  customerId: order.customerId,
  totalCents: order.totalCents,
  currency: order.currency,
  lines: order.lines.map(({ sku, quantity }) => ({ sku, quantity })),
});
