import type {
  CheckoutSagaContext,
  CheckoutSagaInput,
  CheckoutSagaState,
} from './checkout-saga.types.js';
import { decideOnCompensation } from './decide-compensation.js';
import { decideOnPayment, decideOnStock } from './decide-replies.js';
import { ignore, type Decision } from './decision.js';

const orderIdOf = (input: CheckoutSagaInput): string | undefined =>
  'data' in input ? input.data.orderId : undefined;

export const decide = (
  state: CheckoutSagaState,
  input: CheckoutSagaInput,
  ctx: CheckoutSagaContext,
): Decision => {
  const orderId = orderIdOf(input);
  if (orderId !== undefined && orderId !== state.orderId) {
    return ignore(`${input.type} is for order ${orderId}, not ${state.orderId}`);
  }
  switch (input.type) {
    case 'PaymentCharged':
    case 'PaymentDeclined':
      return decideOnPayment(state, input, ctx);
    case 'StockReserved':
    case 'StockReservationFailed':
      return decideOnStock(state, input, ctx);
    case 'PaymentRefunded':
    case 'PaymentRefundFailed':
    case 'PaymentVoided':
    case 'PaymentVoidFailed':
    case 'DeadlinePassed':
    case 'RetryRequested':
    case 'RepairRequested':
      return decideOnCompensation(state, input, ctx);
  }
};
