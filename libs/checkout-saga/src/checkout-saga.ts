import type {
  CheckoutOrder,
  CheckoutSagaContext,
  CheckoutSagaInput,
  CheckoutSagaState,
  SagaLogEntry,
  Transition,
} from './checkout-saga.types.js';
import { decide } from './decide.js';
import { plusMs } from './policy.js';
import { chargeCommand, commandsFor, effectsOf } from './saga-commands.js';
import { evolve, type SagaEvent } from './saga-events.js';

/** A new saga for a placed order: charge first. */
export const startCheckout = (order: CheckoutOrder, ctx: CheckoutSagaContext): Transition => {
  const deadlineAt = plusMs(ctx.now, ctx.policy.chargeTimeoutMs);
  const state: CheckoutSagaState = {
    orderId: order.orderId,
    customerId: order.customerId,
    totalCents: order.totalCents,
    currency: order.currency,
    lines: order.lines.map(({ sku, quantity }) => ({ sku, quantity })),
    status: 'CHARGING',
    orderStatus: 'PENDING',
    deadlineAt,
    awaiting: 'reply',
    compensationAttempts: 0,
    extraCharges: [],
    startedAt: ctx.now,
  };
  return {
    state,
    commands: [chargeCommand(state, deadlineAt)],
    log: [{ at: ctx.now, input: 'CheckoutStarted', from: null, to: 'CHARGING' }],
  };
};

/** One input (a reply, a passed deadline, a person's retry) applied to a saga. Never throws. */
export const handleCheckoutInput = (
  state: CheckoutSagaState,
  input: CheckoutSagaInput,
  ctx: CheckoutSagaContext,
): Transition => {
  const decision = decide(state, input, ctx);
  if (!Array.isArray(decision)) {
    return { state, commands: [], log: [], ignored: decision.ignored };
  }
  let next = state;
  const transition: Omit<Transition, 'state' | 'log'> = { commands: [] };
  for (const event of decision) {
    next = evolve(next, event);
    transition.commands.push(...commandsFor(event, next));
    Object.assign(transition, effectsOf(event));
  }
  const note = decision.map(noteOn).filter(Boolean).join('; ');
  const entry: SagaLogEntry = {
    at: ctx.now,
    input: input.type,
    from: state.status,
    to: next.status,
  };
  return { ...transition, state: next, log: [note ? { ...entry, note } : entry] };
};

/** A line for the step log, for people reading GET /sagas/:orderId. */
const noteOn = (event: SagaEvent): string => {
  switch (event.type) {
    case 'PaymentAccepted':
      return `charged as payment ${event.paymentId}`;
    case 'CheckoutCancelled':
      return `order cancelled: ${event.reason}`;
    case 'CompensationStarted':
      return `refunding payment ${event.paymentId}: ${event.reason}`;
    case 'VoidStarted':
      return `charge outcome unknown (${event.reason}): settling what the provider holds`;
    case 'CompensationAttemptFailed':
      return `${event.step} attempt ${event.attempts} failed: ${event.reason}; retry at ${event.retryAt.toISOString()}`;
    case 'CompensationRetried':
      return `${event.step} sent again`;
    case 'CompensationParked':
      return `parked after ${event.attempts} failed ${event.step} attempts: ${event.reason}`;
    case 'ExtraChargeFound':
      return `extra charge ${event.paymentId}: refunding it`;
    case 'ExtraRefunded':
      return `extra charge ${event.paymentId} refunded`;
    case 'ExtraRefundFailed':
      return `refund of extra charge ${event.paymentId} failed: ${event.reason}`;
    case 'LateReservationFound':
      return 'late reservation: releasing it';
    default:
      return '';
  }
};
