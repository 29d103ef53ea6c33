import { z } from 'zod';
import {
  answer,
  headerParameter,
  problems,
  requestBody,
  serviceDocument,
} from '@pattern-shop/platform';
import { sseTicketRequest } from '../order-events-sse/sse-tickets.http.controller.js';

const issuedTicket = z.strictObject({
  ticket: z.string().describe('Opens one stream of that order: GET /orders/{id}/events?ticket='),
  expiresAt: z.iso.datetime().describe('30 s from now, or the token expiry if sooner'),
});

/** The OpenAPI document served at /docs-json (and rendered at /docs); socket.io is not HTTP API. */
export const realtimeApiDocument = () =>
  serviceDocument({
    app: 'realtime-gateway',
    description:
      "An order's status changes pushed as they happen (pattern 6): socket.io at /socket.io, and " +
      'the same pushes as server-sent events for clients without WebSocket. A browser opens a ' +
      'stream with a ticket (POST /sse-tickets), never with its token in the URL.',
    paths: {
      '/sse-tickets': {
        post: {
          summary: 'A short-lived ticket that opens one SSE stream of one order, once',
          security: [{ orderToken: [] }, { customerToken: [] }],
          requestBody: requestBody(sseTicketRequest),
          responses: {
            '201': answer('the ticket: single use, valid about 30 s', issuedTicket),
            ...problems(400, 401, 403, 404, 503),
          },
        },
      },
      '/orders/{id}/events': {
        get: {
          summary:
            "An order's status changes as server-sent events (current status first), until the token expires",
          description:
            'Opened with `?ticket=` (from POST /sse-tickets; what EventSource uses, since it ' +
            'cannot set headers) or with `Authorization: Bearer`. A token in the URL ' +
            '(`?access_token=`, `?token=`) is refused with 400. When the token behind the stream ' +
            'expires, an `expired` event is sent and the stream ends.',
          security: [{}, { orderToken: [] }, { customerToken: [] }],
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            {
              name: 'ticket',
              in: 'query',
              required: false,
              description: 'A ticket from POST /sse-tickets for this order: single use, about 30 s',
              schema: { type: 'string' },
            },
            headerParameter(
              'Last-Event-ID',
              z.string(),
              false,
              'Sent by a reconnecting EventSource: the current status comes first when newer',
            ),
          ],
          responses: {
            '200': {
              description:
                'a stream of `order.status` events (each with its statusVersion as id), `heartbeat` events, and a last `expired` event when the token expires',
              content: { 'text/event-stream': { schema: { type: 'string' } } },
            },
            ...problems(400, 401, 403, 404, 503),
          },
        },
      },
    },
  });
