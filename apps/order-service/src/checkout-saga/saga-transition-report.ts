import type {
  CheckoutSagaInput,
  CheckoutSagaStatus,
  Transition,
} from '@pattern-shop/checkout-saga';
import type { Logger } from '@pattern-shop/observability';
import type { CheckoutSagaMetrics } from './saga-metrics.js';

/** What moved the saga: the order placed, a reply, a passed deadline or a person. */
export type SagaCause = 'order placed' | 'reply' | 'deadline' | 'retry' | 'repair';

const causeOf = (input: CheckoutSagaInput['type'] | 'OrderPlaced'): SagaCause => {
  if (input === 'OrderPlaced') return 'order placed';
  if (input === 'DeadlinePassed') return 'deadline';
  if (input === 'RetryRequested') return 'retry';
  if (input === 'RepairRequested') return 'repair';
  return 'reply';
};

export type AppliedStep = Readonly<{
  orderId: string;
  correlationId: string;
  causationId: string;
  /** The status before; null when the saga starts. */
  from: CheckoutSagaStatus | null;
  input: CheckoutSagaInput['type'] | 'OrderPlaced';
  transition: Transition;
  now: Date;
}>;

/**
 * One info line and the metrics per applied input, so `grep <correlationId>` shows each step of
 * the order's saga. The ids are explicit: a deadline wakes the saga outside any request's scope.
 */
export const reportAppliedStep = (
  { logger, metrics }: Readonly<{ logger: Logger; metrics: CheckoutSagaMetrics }>,
  step: AppliedStep,
): void => {
  const { transition, from, input } = step;
  logger.info(
    {
      orderId: step.orderId,
      correlationId: step.correlationId,
      causationId: step.causationId,
      from: from ?? 'NONE',
      to: transition.state.status,
      cause: causeOf(input),
      input,
      commands: transition.commands.map((command) => command.type),
      ...(transition.orderOutcome === undefined
        ? {}
        : { orderStatus: transition.orderOutcome.status }),
    },
    'checkout saga step',
  );
  metrics.recorded(transition, from, step.now);
};
