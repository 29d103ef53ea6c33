import type { CheckoutSagaInput } from './checkout-saga.types.js';
import type { SagaEvent } from './saga-events.js';

/** Either the facts an input leads to, or why it leads to nothing. */
export type Decision = SagaEvent[] | { ignored: string };

export const ignore = (reason: string): Decision => ({ ignored: reason });

/** Reasons travel in contracts capped at 500 characters; a long provider message is clipped. */
export const clipReason = (reason: string): string =>
  reason.length <= 500 ? reason : `${reason.slice(0, 499)}…`;

/** The inputs of the given types, for deciders that handle a few of them. */
export type InputOf<T extends CheckoutSagaInput['type']> = Extract<CheckoutSagaInput, { type: T }>;
