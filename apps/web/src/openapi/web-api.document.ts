import { z } from 'zod';
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
import { catalogueEntry } from '../console/chaos/chaos-run.js';
import { runRequest } from '../console/chaos/chaos.http.controller.js';
import { messageId, queueName } from '../console/dead-letters/dead-letter-view.js';
import { lanesQuery } from '../console/lanes/lanes.http.controller.js';
import { providerKnobs } from '../console/provider/provider-knobs.http.controller.js';
import { parkedSagasQuery } from '../console/sagas/parked-sagas.http.controller.js';
import { journeyOrderId } from '../journey/journey-requests.js';
import { checkoutKey, checkoutRequest, historyQuery, orderId } from '../orders/order-requests.js';
import { credentials } from '../session/session-requests.js';
import { consoleAnswers as shapes } from './web-answers.js';

const id = pathParameter('id', orderId);
const sagaId = pathParameter('orderId', orderId);
const queue = pathParameter('queue', queueName);
const letter = pathParameter('messageId', messageId);
/** order-service's answers, passed on unchanged (its own document describes them in full). */
const relayed = z.looseObject({});

/** The OpenAPI document served at /docs-json (and rendered at /docs). */
export const webApiDocument = () =>
  serviceDocument({
    app: 'web',
    description:
      "The storefront's backend (guest sessions, catalogue, checkout, order history, each " +
      "order's journey) and the operations console (lanes, alerts, dead letters, parked sagas, " +
      "the provider's knobs, the chaos lab).",
    paths: {
      '/api/session': {
        post: {
          summary: 'Start a guest session: a guest identity and its customer token (order-service)',
          responses: { '201': answer('the guest', shapes.customerSession), ...problems(429, 503) },
        },
      },
      '/api/session/sign-in': {
        post: {
          summary: "Sign in: the customer's identity and token (order-service's POST /sessions)",
          requestBody: requestBody(credentials),
          responses: {
            '201': answer('the customer', shapes.customerSession),
            ...problems(400, 401, 429, 503),
          },
        },
      },
      '/api/session/register': {
        post: {
          summary: "Register: a new customer and its token (order-service's POST /customers)",
          requestBody: requestBody(credentials),
          responses: {
            '201': answer('the customer', shapes.customerSession),
            ...problems(400, 409, 429, 503),
          },
        },
      },
      '/api/settings': {
        get: {
          summary: 'Where the page finds the realtime gateway',
          responses: { '200': answer('the settings', shapes.settings) },
        },
      },
      '/api/catalogue': {
        get: {
          summary: 'The products with prices and stock (from inventory-service)',
          responses: { '200': answer('the products', shapes.catalogue), ...problems(503) },
        },
      },
      '/api/orders': {
        post: {
          summary: "Check out the cart as the token's customer (order-service decides)",
          ...customerOnly,
          parameters: [headerParameter('Idempotency-Key', checkoutKey, true, 'One per checkout')],
          requestBody: requestBody(checkoutRequest),
          responses: {
            '202': answer('accepted, PENDING', relayed),
            ...problems(400, 401, 409, 422, 429, 503),
          },
        },
        get: {
          summary: "The customer's orders, newest first",
          ...customerOnly,
          parameters: queryParameters(historyQuery),
          responses: { '200': answer('one page', relayed), ...problems(400, 401, 403, 503) },
        },
      },
      '/api/orders/{id}': {
        get: {
          summary: 'One of the customer’s orders',
          ...customerOnly,
          parameters: [id],
          responses: { '200': answer('the order', relayed), ...problems(400, 401, 404, 503) },
        },
      },
      '/api/orders/{id}/journey': {
        get: {
          summary: "Every hop of one order, from its traces and its saga's steps",
          security: [{ customerToken: [] }, { operatorToken: [] }],
          parameters: [pathParameter('id', journeyOrderId)],
          responses: { '200': answer('the journey', shapes.journey), ...problems(400, 401, 404) },
        },
      },
      '/api/console/lanes': {
        get: {
          summary: 'The seven lanes: figures and charts from Prometheus',
          parameters: queryParameters(lanesQuery),
          responses: { '200': answer('the lanes', shapes.lanes), ...problems(400, 401, 503) },
        },
      },
      '/api/console/alerts': {
        get: {
          summary: 'The firing alerts',
          responses: { '200': answer('the alerts', shapes.items), ...problems(401, 503) },
        },
      },
      '/api/console/dead-letters': {
        get: {
          summary: 'Every dead-letter queue and its depth',
          responses: {
            '200': answer('the queues', shapes.deadLetterQueues),
            ...problems(401, 503),
          },
        },
      },
      '/api/console/dead-letters/{queue}': {
        get: {
          summary: "A queue's dead letters (left where they are)",
          parameters: [queue],
          responses: {
            '200': answer('the letters', z.strictObject({ items: z.array(shapes.deadLetter) })),
            ...problems(400, 401, 404, 503),
          },
        },
      },
      '/api/console/dead-letters/{queue}/{messageId}': {
        get: {
          summary: 'One dead letter',
          parameters: [queue, letter],
          responses: {
            '200': answer('the letter', shapes.deadLetter),
            ...problems(400, 401, 404, 503),
          },
        },
      },
      '/api/console/dead-letters/{queue}/redrive': {
        post: {
          summary: 'Move every dead letter of a queue back into it',
          parameters: [queue],
          responses: {
            '200': answer('moved', shapes.redriven),
            ...problems(400, 401, 404, 409, 503),
          },
        },
      },
      '/api/console/dead-letters/{queue}/{messageId}/redrive': {
        post: {
          summary: 'Move one dead letter back into its queue',
          parameters: [queue, letter],
          responses: {
            '200': answer('moved', shapes.redriven),
            ...problems(400, 401, 404, 409, 503),
          },
        },
      },
      '/api/console/sagas': {
        get: {
          summary: 'Sagas in a state (parked ones by default), through order-service',
          parameters: queryParameters(parkedSagasQuery),
          responses: { '200': answer('the sagas', relayed), ...problems(400, 401, 503) },
        },
      },
      '/api/console/sagas/{orderId}': {
        get: {
          summary: "One saga's step log, through order-service",
          parameters: [sagaId],
          responses: { '200': answer('the saga', relayed), ...problems(400, 401, 404, 503) },
        },
      },
      '/api/console/sagas/{orderId}/retry': {
        post: {
          summary: 'Retry a parked saga, through order-service',
          parameters: [sagaId],
          responses: {
            '202': answer('retrying', relayed),
            ...problems(400, 401, 404, 409, 503),
          },
        },
      },
      '/api/console/payment-provider/behaviour': {
        get: {
          summary: "payment-provider's knobs",
          responses: { '200': answer('the knobs', relayed), ...problems(401, 503) },
        },
        put: {
          summary: "Replace payment-provider's knobs (a knob left out is reset)",
          requestBody: requestBody(providerKnobs),
          responses: { '200': answer('the knobs now', relayed), ...problems(400, 401, 503) },
        },
      },
      '/api/console/chaos/scenarios': {
        get: {
          summary: "The chaos lab's scenarios (none when the lab is off)",
          responses: {
            '200': answer(
              'the catalogue',
              z.strictObject({ enabled: z.boolean(), items: z.array(catalogueEntry) }),
            ),
            ...problems(401, 503),
          },
        },
      },
      '/api/console/chaos/run': {
        get: {
          summary: 'The current or last chaos run',
          responses: { '200': answer('the run', shapes.chaosRun), ...problems(401) },
        },
        post: {
          summary: 'Start a chaos scenario (404 when the lab is off; 409 while one runs)',
          requestBody: requestBody(runRequest),
          responses: {
            '202': answer('started', z.strictObject({ run: z.looseObject({}) })),
            ...problems(400, 401, 404, 409),
          },
        },
      },
    },
  });
