import type { RealtimeError } from '@pattern-shop/realtime-client';
import type { SseGrant, SseTickets } from '../access/sse-tickets.js';
import { type AccessTokenSettings, bearerToken, checkAccessToken } from '../access/token-access.js';
import type { SubscribeToOrderHandler } from '../subscribe-to-order/subscribe-to-order.handler.js';

export type StreamAccess =
  Readonly<{ ok: true; grant: SseGrant }> | Readonly<{ ok: false; error: RealtimeError }>;

export type StreamAccessDeps = Readonly<{
  tickets: SseTickets;
  tokens: AccessTokenSettings;
  handler: SubscribeToOrderHandler;
}>;

/** The query parameters a token used to travel in; refused so that clients learn of tickets. */
const TOKEN_PARAMETERS = ['access_token', 'token'];

const TOKEN_IN_URL =
  'a token in the URL is refused (it would reach access logs, traces and proxies): ' +
  'POST /sse-tickets with Authorization: Bearer <token> and {"orderId"}, ' +
  'then open this stream with ?ticket=<ticket>';

/**
 * Who may open this order's stream: a ticket from POST /sse-tickets (`?ticket=`, what a browser's
 * EventSource uses), or `Authorization: Bearer` (any client that can send headers). The ticket
 * was checked against the order when it was issued; a bearer token is checked now.
 */
export const streamAccess = async (
  orderId: string,
  authorization: string | undefined,
  query: Readonly<Record<string, unknown>>,
  { tickets, tokens, handler }: StreamAccessDeps,
): Promise<StreamAccess> => {
  if (TOKEN_PARAMETERS.some((name) => name in query)) return refuse(TOKEN_IN_URL);
  const ticket = query['ticket'];
  if (ticket !== undefined) {
    return typeof ticket === 'string' ? tickets.redeem(ticket, orderId) : refuse('one ticket only');
  }
  const check = checkAccessToken(bearerToken(authorization), tokens);
  if (!check.ok) return check;
  const { access, token } = check;
  const answer = await handler.authorize(access, token, orderId, { currentStatus: false });
  return answer.ok ? { ok: true, grant: { orderId, access, token } } : answer;
};

const refuse = (message: string): StreamAccess => ({
  ok: false,
  error: { code: 'invalid-request', message },
});
