import { z } from 'zod';
import {
  reconciliationPageOf,
  reconciliationQuery,
  settlementEntry,
} from '@pattern-shop/contracts';
import {
  answer,
  headerParameter,
  headerParameters,
  pathParameter,
  problems,
  queryParameters,
  requestBody,
  serviceDocument,
} from '@pattern-shop/platform';
import { behaviourSchema, simulationHeaders } from '../behaviour/provider-behaviour.js';
import { chargeRequest } from '../charge-card/charge-card.http.controller.js';
import { lookupQuery } from '../find-charge/find-charge.http.controller.js';
import { IDEMPOTENCY_KEY } from '../provider-request.js';
import { refundRequest } from '../refund-charge/refund-charge.http.controller.js';

// The ledger's shapes (ledger/ledger-types.ts), as zod, so the fuzzer holds answers to them.
const charge = z.strictObject({
  chargeId: z.string(),
  orderId: z.string(),
  customerId: z.string(),
  amountCents: z.number().int().nonnegative(),
  currency: z.string(),
  status: z.enum(['captured', 'declined']),
  declineReason: z.string().optional(),
  createdAt: z.iso.datetime(),
});
const refund = z.strictObject({
  refundId: z.string(),
  chargeId: z.string(),
  orderId: z.string(),
  amountCents: z.number().int().positive(),
  status: z.literal('refunded'),
  refundedAt: z.iso.datetime(),
});
const totals = z.strictObject({
  charges: z.strictObject({ captured: z.number().int(), declined: z.number().int() }),
  refunds: z.number().int(),
  capturedCents: z.number().int(),
  refundedCents: z.number().int(),
  netCents: z.number().int(),
  ordersChargedMoreThanOnce: z.number().int(),
});
const simulation = headerParameters(simulationHeaders);
const idempotencyKey = headerParameter(
  'Idempotency-Key',
  IDEMPOTENCY_KEY,
  true,
  "The caller's id for the operation: a retry with the same key and body gets the first answer.",
);
const behaviour = answer('the knobs now', behaviourSchema);

/** The OpenAPI document served at /docs-json (and rendered at /docs). */
export const providerApiDocument = () =>
  serviceDocument({
    app: 'payment-provider',
    description:
      'A stand-in for an outside card processor: charges and refunds with latency and failure ' +
      'knobs (x-simulate-* headers per request, /admin/behaviour for all), its ledger, and its ' +
      'settlement for the nightly reconciliation.',
    paths: {
      '/charges': {
        post: {
          summary: 'Charge a card (201 captured, 402 declined, 503 simulated processor error)',
          parameters: [idempotencyKey, ...simulation],
          requestBody: requestBody(chargeRequest),
          responses: {
            '201': answer('captured', charge),
            ...problems(400, 402, 422, 503),
          },
        },
        get: {
          summary: 'The charge made under an Idempotency-Key (what a caller asks after a timeout)',
          parameters: [...queryParameters(lookupQuery), ...simulation],
          responses: {
            '200': answer('the charge', charge),
            ...problems(400, 404, 503),
          },
        },
      },
      '/refunds': {
        post: {
          summary: 'Refund (part of) a captured charge',
          parameters: [idempotencyKey, ...simulation],
          requestBody: requestBody(refundRequest),
          responses: {
            '201': answer('refunded', refund),
            ...problems(400, 404, 422, 503),
          },
        },
      },
      '/admin/behaviour': {
        get: {
          summary: 'The knobs',
          responses: { '200': behaviour, ...problems(401) },
        },
        put: {
          summary: 'Replace the knobs (a knob left out takes its default)',
          requestBody: requestBody(behaviourSchema),
          responses: { '200': behaviour, ...problems(400, 401) },
        },
        delete: {
          summary: 'Reset the knobs to their defaults',
          responses: { '200': behaviour, ...problems(401) },
        },
      },
      '/admin/ledger': {
        get: {
          summary: 'Totals: captured, refunded, net, and orders charged more than once',
          responses: { '200': answer('the totals', totals), ...problems(401) },
        },
      },
      '/admin/ledger/orders/{orderId}': {
        get: {
          summary: "One order's charges and refunds",
          parameters: [pathParameter('orderId', z.uuid())],
          responses: {
            '200': answer(
              "the order's entries",
              z.strictObject({ charges: z.array(charge), refunds: z.array(refund) }),
            ),
            ...problems(400, 401),
          },
        },
      },
      '/reconciliation/daily': {
        get: {
          summary: 'The settlement of a period: captured charges and refunds, by keyset page',
          parameters: queryParameters(reconciliationQuery),
          responses: {
            '200': answer('one page', reconciliationPageOf(settlementEntry)),
            ...problems(400, 401),
          },
        },
      },
    },
  });
