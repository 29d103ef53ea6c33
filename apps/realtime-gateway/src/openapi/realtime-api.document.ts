import { z } from 'zod';
import { headerParameter, problems, serviceDocument } from '@pattern-shop/platform';

/** The OpenAPI document served at /docs-json (and rendered at /docs); socket.io is not HTTP API. */
export const realtimeApiDocument = () =>
  serviceDocument({
    app: 'realtime-gateway',
    description:
      "An order's status changes pushed as they happen (pattern 6): socket.io at /socket.io, and " +
      'the same pushes as server-sent events for clients without WebSocket.',
    paths: {
      '/orders/{id}/events': {
        get: {
          summary: "An order's status changes as server-sent events (current status first)",
          security: [{ orderToken: [] }, { customerToken: [] }],
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            {
              name: 'access_token',
              in: 'query',
              required: false,
              description: 'The token, for EventSource, which cannot set headers',
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
              description: 'a stream of `status` events, each with its statusVersion as id',
              content: { 'text/event-stream': { schema: { type: 'string' } } },
            },
            ...problems(400, 401, 403, 404, 503),
          },
        },
      },
    },
  });
