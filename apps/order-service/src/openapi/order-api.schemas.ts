import { z } from 'zod';
import { CHECKOUT_SAGA_STATUSES, ORDER_STATUSES, orderLine } from '@pattern-shop/contracts';

/**
 * The shapes order-service answers with. The OpenAPI document is generated from these, and the
 * end-to-end tests check real answers against them, so the document cannot drift from the API.
 */
const money = z.strictObject({
  amountCents: z.number().int().nonnegative(),
  currency: z.literal('EUR'),
});
const status = z.enum(ORDER_STATUSES);

export const orderAccepted = z.strictObject({
  orderId: z.uuid(),
  status: z.literal('PENDING'),
  statusVersion: z.literal(1),
  total: money,
  availabilityChecked: z
    .boolean()
    .describe('false: inventory-service did not answer; priced from the local replica'),
  accessToken: z.string().describe('Bearer token for GET /orders/{id} of this order (short-lived)'),
  links: z.strictObject({ self: z.string() }),
});

const orderSummaryShape = {
  orderId: z.uuid(),
  customerId: z.string(),
  status,
  statusVersion: z.number().int().positive(),
  total: z.strictObject({ amountCents: z.number().int().nonnegative(), currency: z.string() }),
  availabilityChecked: z.boolean(),
  placedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
};

export const orderSummary = z.strictObject(orderSummaryShape);

export const orderView = z.strictObject({
  ...orderSummaryShape,
  lines: z.array(orderLine.strict()),
  history: z.array(
    z.strictObject({
      status,
      statusVersion: z.number().int().positive(),
      reason: z.string(),
      changedAt: z.iso.datetime(),
    }),
  ),
});

export const orderPage = z.strictObject({
  items: z.array(orderSummary),
  nextCursor: z.string().nullable(),
  links: z.strictObject({ next: z.string().nullable() }),
});

const sagaSummaryShape = {
  orderId: z.uuid(),
  status: z.enum(CHECKOUT_SAGA_STATUSES),
  orderStatus: z.string(),
  version: z.number().int(),
  paymentId: z.string().nullable(),
  cancellationReason: z.string().nullable(),
  compensationAttempts: z.number().int().nonnegative(),
  lastCompensationFailure: z.string().nullable(),
  deadlineAt: z.iso.datetime().nullable(),
  startedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  elapsedMs: z.number().int(),
};

/** GET /sagas/{orderId} and the operator requests' answers (checkout-saga/saga-view.ts). */
export const sagaView = z.strictObject({
  ...sagaSummaryShape,
  steps: z.array(
    z.strictObject({
      at: z.string(),
      input: z.string(),
      from: z.string().nullable(),
      to: z.string(),
      note: z.string().nullable(),
      causedBy: z.string().nullable(),
      afterMs: z.number().int(),
    }),
  ),
});

export const sagaList = z.strictObject({ items: z.array(z.strictObject(sagaSummaryShape)) });
