import type {
  CheckoutSagaState,
  OrderOutcome,
  SagaCommand,
  Transition,
} from './checkout-saga.types.js';
import type { SagaEvent } from './saga-events.js';

const refund = (state: CheckoutSagaState, paymentId: string, reason: string): SagaCommand => ({
  type: 'RefundPayment',
  data: {
    orderId: state.orderId,
    paymentId,
    amountCents: state.totalCents,
    currency: state.currency,
    reason,
  },
});

const voidPayment = (state: CheckoutSagaState, reason: string): SagaCommand => ({
  type: 'VoidPayment',
  data: { orderId: state.orderId, amountCents: state.totalCents, currency: state.currency, reason },
});

const releaseStock = (state: CheckoutSagaState, reason: string): SagaCommand => ({
  type: 'ReleaseStock',
  data: { orderId: state.orderId, reason },
});

const cancellationReasonOf = (state: CheckoutSagaState): string =>
  state.cancellationReason ?? 'order cancelled';

/** The commands an event asks for, built from the state right after it was applied. */
export const commandsFor = (event: SagaEvent, state: CheckoutSagaState): SagaCommand[] => {
  switch (event.type) {
    case 'PaymentAccepted':
      return [
        {
          type: 'ReserveStock',
          data: { orderId: state.orderId, lines: state.lines },
          expiresAt: event.deadlineAt,
        },
      ];
    case 'CompensationStarted':
      return [
        refund(state, event.paymentId, event.reason),
        ...(event.releaseStock ? [releaseStock(state, event.reason)] : []),
      ];
    case 'VoidStarted':
      return [voidPayment(state, event.reason)];
    case 'CompensationRetried':
      if (event.step === 'VoidPayment') return [voidPayment(state, cancellationReasonOf(state))];
      return state.paymentId ? [refund(state, state.paymentId, cancellationReasonOf(state))] : [];
    case 'ExtraChargeFound':
      return [refund(state, event.paymentId, 'a second charge for the same order')];
    case 'LateReservationFound':
      return [releaseStock(state, event.reason)];
    default:
      return [];
  }
};

export const chargeCommand = (state: CheckoutSagaState, expiresAt: Date): SagaCommand => ({
  type: 'ChargePayment',
  data: {
    orderId: state.orderId,
    customerId: state.customerId,
    amountCents: state.totalCents,
    currency: state.currency,
  },
  expiresAt,
});

/** What the runtime must do besides sending commands: change the order, tell people. */
export const effectsOf = (
  event: SagaEvent,
): Pick<Transition, 'orderOutcome' | 'parked' | 'alert'> => {
  switch (event.type) {
    case 'CheckoutConfirmed':
      return { orderOutcome: { status: 'CONFIRMED' } satisfies OrderOutcome };
    case 'CheckoutCancelled':
      return { orderOutcome: { status: 'CANCELLED', reason: event.reason } };
    case 'CompensationParked':
      return { parked: { step: event.step, reason: event.reason, attempts: event.attempts } };
    case 'ExtraRefundFailed':
      return { alert: `refund of extra charge ${event.paymentId} failed: ${event.reason}` };
    default:
      return {};
  }
};
