import { z } from 'zod';
import { listOrdersQuery } from '../list-orders/list-orders.http.controller.js';
import { placeOrderRequest } from '../place-order/place-order.request.js';
import { orderAccepted, orderPage, orderView, problem } from './order-api.schemas.js';

const json = (schema: z.ZodType) => ({
  content: {
    'application/json': {
      schema: z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }),
    },
  },
});
const problems = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((code) => [
      String(code),
      {
        description: 'problem details (RFC 9457)',
        content: { 'application/problem+json': { schema: z.toJSONSchema(problem) } },
      },
    ]),
  );
const bearer = [{ bearer: [] }];

/** The OpenAPI 3.1 document served at /docs-json (and rendered at /docs). */
export const orderApiDocument = () => ({
  openapi: '3.1.0',
  info: {
    title: 'Pattern Shop order-service',
    version: '1',
    description: 'Place orders and follow them (pattern 1: request-response).',
  },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
  },
  paths: {
    '/orders': {
      post: {
        summary: 'Place an order (answers 202: the saga decides the rest)',
        parameters: [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            schema: { type: 'string', maxLength: 128 },
            description:
              'Claimed before any work. Same key + same body: the first answer, 202 or 422, for good; ' +
              'while that first request is still working, the retry waits for it, then 409 with Retry-After. ' +
              'Same key + other body: 422.',
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: z.toJSONSchema(placeOrderRequest, { io: 'input' }) },
          },
        },
        responses: {
          '202': { description: 'accepted, PENDING', ...json(orderAccepted) },
          ...problems(400, 409, 422, 503),
        },
      },
      get: {
        summary: "A customer's orders, newest first (needs a customer token)",
        security: bearer,
        parameters: Object.entries(
          z.toJSONSchema(listOrdersQuery, { io: 'input' }).properties ?? {},
        ).map(([name, schema]) => ({
          name,
          in: 'query',
          required: name === 'customerId',
          schema,
        })),
        responses: {
          '200': { description: 'one page', ...json(orderPage) },
          ...problems(400, 401, 403),
        },
      },
    },
    '/orders/{id}': {
      get: {
        summary: 'One order with its lines, status and history (order or customer token)',
        security: bearer,
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
        ],
        responses: {
          '200': { description: 'the order', ...json(orderView) },
          ...problems(400, 401, 404),
        },
      },
    },
  },
});
