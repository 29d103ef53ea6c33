import type { OrderStatus } from '@pattern-shop/contracts';
import { z } from 'zod';
import { CHECKOUT_SAGA_STATUSES, type CheckoutSagaState } from './checkout-saga.types.js';

const ORDER_STATUSES = ['PENDING', 'CONFIRMED', 'CANCELLED'] as const satisfies OrderStatus[];

// jsonb keeps no Dates: they are stored as ISO strings and parsed back, with the rest of the
// state checked on the way in so a hand-edited or truncated row fails loudly, not halfway.

const isoDate = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

const storedState = z.object({
  orderId: z.string().min(1),
  customerId: z.string().min(1),
  totalCents: z.number().int().nonnegative(),
  currency: z.literal('EUR'),
  lines: z.array(z.object({ sku: z.string().min(1), quantity: z.number().int().min(1) })),
  status: z.enum(CHECKOUT_SAGA_STATUSES),
  orderStatus: z.enum(ORDER_STATUSES),
  paymentId: z.string().min(1).optional(),
  cancellationReason: z.string().min(1).optional(),
  deadlineAt: isoDate.nullable(),
  awaiting: z.enum(['reply', 'retry']).nullable(),
  compensationAttempts: z.number().int().nonnegative(),
  lastCompensationFailure: z.string().optional(),
  extraCharges: z.array(
    z.object({
      paymentId: z.string().min(1),
      refund: z.enum(['REQUESTED', 'REFUNDED', 'FAILED']),
      reason: z.string().optional(),
    }),
  ),
  startedAt: isoDate,
});

/** The state as plain JSON (Dates as ISO strings), e.g. for a jsonb column. */
export type StoredCheckoutSagaState = z.input<typeof storedState>;

export const toStoredState = (state: CheckoutSagaState): StoredCheckoutSagaState =>
  JSON.parse(JSON.stringify(state)) as StoredCheckoutSagaState;

/** Parses a stored state back; throws a ZodError naming the field when the row is not a state. */
export const fromStoredState = (stored: unknown): CheckoutSagaState => {
  const { paymentId, cancellationReason, lastCompensationFailure, extraCharges, ...rest } =
    storedState.parse(stored);
  // Optional fields stay absent rather than `undefined`, like the states the saga builds.
  return {
    ...rest,
    ...(paymentId === undefined ? {} : { paymentId }),
    ...(cancellationReason === undefined ? {} : { cancellationReason }),
    ...(lastCompensationFailure === undefined ? {} : { lastCompensationFailure }),
    extraCharges: extraCharges.map(({ reason, ...charge }) =>
      reason === undefined ? charge : { ...charge, reason },
    ),
  };
};
