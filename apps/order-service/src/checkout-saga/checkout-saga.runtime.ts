import type { EntityManager } from 'typeorm';
import {
  type CheckoutOrder,
  type CheckoutSagaInput,
  type CheckoutSagaPolicy,
  handleCheckoutInput,
  startCheckout,
  type Transition,
} from '@pattern-shop/checkout-saga';
import type { Logger } from '@pattern-shop/observability';
import { applyTransitionEffects, type Cause, type EffectSettings } from './saga-effects.js';
import type { CheckoutSagaMetrics } from './saga-metrics.js';
import { reportAppliedStep } from './saga-transition-report.js';
import { insertSaga, lockSaga, saveSagaStep } from '../persistence/checkout-saga-rows.js';

export type CheckoutSagaRuntimeDeps = Readonly<{
  policy: CheckoutSagaPolicy;
  now: () => Date;
  newId: () => string;
  metrics: CheckoutSagaMetrics;
  logger: Logger;
  /** False for the weak variant `no-step-deadline`: commands then carry no expiry. */
  commandsExpire: boolean;
  /** Told of each deadline the step stores, in the step's transaction. */
  deadlineSet?: (tx: EntityManager, deadline: Date) => void;
}>;

export type AdvanceOutcome =
  | Readonly<{ kind: 'advanced'; transition: Transition }>
  | Readonly<{ kind: 'ignored'; reason: string }>
  | Readonly<{ kind: 'unknown-saga' }>;

/**
 * The saga's I/O around the pure state machine (libs/checkout-saga): every step runs in the
 * caller's transaction and stores the new state, appends the step log and writes the commands
 * to the outbox together. A crash at any point leaves either the old state with nothing sent or
 * the new state with its commands pending in the outbox; after a restart the relay sends them
 * and the deadline poller wakes the sagas whose wait ran out, so every saga continues.
 */
export class CheckoutSagaRuntime {
  constructor(private readonly deps: CheckoutSagaRuntimeDeps) {}

  private toldOfDeadline(tx: EntityManager, deadline: Date | null): void {
    if (deadline !== null) this.deps.deadlineSet?.(tx, deadline);
  }

  private effectSettings(now: Date): EffectSettings {
    return { now, newId: this.deps.newId, commandsExpire: this.deps.commandsExpire };
  }

  /** Called by place-order inside the transaction that writes the order. */
  async start(tx: EntityManager, order: CheckoutOrder, cause: Cause): Promise<void> {
    const now = this.deps.now();
    const transition = startCheckout(order, { now, policy: this.deps.policy });
    await insertSaga(tx, transition.state, transition.log, cause.causationId);
    this.toldOfDeadline(tx, transition.state.deadlineAt);
    await applyTransitionEffects(tx, transition, cause, this.effectSettings(now));
    reportAppliedStep(this.deps, {
      orderId: order.orderId,
      ...cause,
      from: null,
      input: 'OrderPlaced',
      transition,
      now,
    });
  }

  /**
   * Applies one input (a reply, a passed deadline, a person's retry) to the saga of `orderId`,
   * with its row locked, so concurrent inputs for one order are applied one after the other.
   */
  async advance(
    tx: EntityManager,
    orderId: string,
    input: CheckoutSagaInput,
    causationId: string,
  ): Promise<AdvanceOutcome> {
    const locked = await lockSaga(tx, orderId);
    if (locked === undefined) return { kind: 'unknown-saga' };
    const now = this.deps.now();
    const transition = handleCheckoutInput(locked.state, input, { now, policy: this.deps.policy });
    if (input.type === 'RepairRequested') {
      const result = transition.ignored === undefined ? 'started' : 'refused';
      this.deps.metrics.repairRequested(result);
      this.deps.logger.warn({ orderId, result, causationId }, 'operator repair of a checkout saga');
    }
    if (transition.ignored !== undefined) {
      this.deps.logger.info(
        {
          orderId,
          correlationId: locked.correlationId,
          input: input.type,
          status: locked.state.status,
          reason: transition.ignored,
        },
        'checkout saga ignored an input',
      );
      return { kind: 'ignored', reason: transition.ignored };
    }
    await saveSagaStep(tx, locked.version, transition.state, now, {
      log: transition.log,
      causedBy: causationId,
    });
    this.toldOfDeadline(tx, transition.state.deadlineAt);
    const cause = { correlationId: locked.correlationId, causationId };
    await applyTransitionEffects(tx, transition, cause, this.effectSettings(now));
    const ids = { orderId, correlationId: locked.correlationId };
    if (transition.alert !== undefined) {
      this.deps.logger.error({ ...ids, alert: transition.alert }, 'checkout saga needs a person');
    }
    if (transition.parked !== undefined) {
      this.deps.logger.error({ ...ids, ...transition.parked }, 'checkout saga parked');
    }
    if (input.type === 'DeadlinePassed') this.deps.metrics.deadlinePassed(locked.state.status);
    reportAppliedStep(this.deps, {
      orderId,
      ...cause,
      from: locked.state.status,
      input: input.type,
      transition,
      now,
    });
    return { kind: 'advanced', transition };
  }
}
