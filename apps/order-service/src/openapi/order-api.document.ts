import {
  answer,
  customerOnly,
  headerParameter,
  pathParameter,
  problems,
  queryParameters,
  requestBody,
  serviceDocument,
} from '@pattern-shop/platform';
import { reconciliationOrder, reconciliationPageOf } from '@pattern-shop/contracts';
import { listSagasQuery, orderId } from '../checkout-saga/saga-admin.http.controller.js';
import { listOrdersQuery } from '../list-orders/list-orders.http.controller.js';
import {
  customerSession,
  registration,
  signIn,
} from '../customer-identity/customer-identity.requests.js';
import { idempotencyKey, placeOrderBody } from '../place-order/place-order.request.js';
import { ordersQuery } from '../reconciliation/reconciliation.http.controller.js';
import { orderAccepted, orderPage, orderView, sagaList, sagaView } from './order-api.schemas.js';

const sagaId = pathParameter('orderId', orderId);

/** The OpenAPI document served at /docs-json (and rendered at /docs). */
export const orderApiDocument = () =>
  serviceDocument({
    app: 'order-service',
    description:
      'Place orders and follow them (pattern 1: request-response); the checkout saga and ' +
      "the nightly reconciliation's reads for operators (pattern 5, 7).",
    paths: {
      '/orders': {
        post: {
          summary:
            "Place an order as the token's customer (answers 202: the saga decides the rest); " +
            'a customerId in the body is refused (400): the customer comes from the token',
          ...customerOnly,
          parameters: [
            headerParameter(
              'Idempotency-Key',
              idempotencyKey.unwrap(),
              false,
              'Claimed before any work. Same key + same body: the first answer, 202 or 422, for good; ' +
                'while that first request is still working, the retry waits for it, then 409 with Retry-After. ' +
                'Same key + other body: 422.',
            ),
          ],
          requestBody: requestBody(placeOrderBody),
          responses: {
            '202': answer('accepted, PENDING', orderAccepted),
            ...problems(400, 401, 409, 422, 429, 503),
          },
        },
        get: {
          summary: "A customer's orders, newest first (a customer token for that customer)",
          ...customerOnly,
          parameters: queryParameters(listOrdersQuery, ['customerId']),
          responses: { '200': answer('one page', orderPage), ...problems(400, 401, 403) },
        },
      },
      '/sessions/guest': {
        post: {
          summary: 'A guest identity and its customer token (guest checkout); nothing is stored',
          responses: { '201': answer('a guest session', customerSession), ...problems(429) },
        },
      },
      '/customers': {
        post: {
          summary: 'Register a customer (email, password of 12-128 characters); answers its token',
          requestBody: requestBody(registration),
          responses: {
            '201': answer('registered and signed in', customerSession),
            ...problems(400, 409, 429),
          },
        },
      },
      '/sessions': {
        post: {
          summary: 'Sign in; 401 alike for an unknown email and a wrong password',
          requestBody: requestBody(signIn),
          responses: {
            '201': answer('signed in', customerSession),
            ...problems(400, 401, 429),
          },
        },
      },
      '/orders/{id}': {
        get: {
          summary: 'One order with its lines, status and history (order or customer token)',
          security: [{ orderToken: [] }, { customerToken: [] }],
          parameters: [pathParameter('id', orderId)],
          responses: { '200': answer('the order', orderView), ...problems(400, 401, 404) },
        },
      },
      '/sagas': {
        get: {
          summary: 'Sagas in one state, most recently changed first (e.g. the parked ones)',
          parameters: queryParameters(listSagasQuery),
          responses: { '200': answer('the sagas', sagaList), ...problems(400, 401) },
        },
      },
      '/sagas/{orderId}': {
        get: {
          summary: "One order's saga: its state and every step",
          parameters: [sagaId],
          responses: { '200': answer('the saga', sagaView), ...problems(400, 401, 404) },
        },
      },
      '/sagas/{orderId}/retry': {
        post: {
          summary: 'Resume a parked saga once its cause is fixed',
          parameters: [sagaId],
          responses: { '202': answer('retrying', sagaView), ...problems(400, 401, 404, 409) },
        },
      },
      '/sagas/{orderId}/repair': {
        post: {
          summary: "Settle a cancelled order's money again (voids or refunds what is held)",
          parameters: [sagaId],
          responses: { '202': answer('repairing', sagaView), ...problems(400, 401, 404, 409) },
        },
      },
      '/reconciliation/daily': {
        get: {
          summary: 'Orders created in a period, with their lines, one keyset page at a time',
          parameters: queryParameters(ordersQuery),
          responses: {
            '200': answer('one page', reconciliationPageOf(reconciliationOrder)),
            ...problems(400, 401),
          },
        },
      },
    },
  });
