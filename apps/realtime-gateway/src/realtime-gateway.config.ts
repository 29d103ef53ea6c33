import { z } from 'zod';
import { SERVICES } from '@pattern-shop/contracts';
import { baseConfigShape, env, parseConfig } from '@pattern-shop/platform';

/** Every setting realtime-gateway reads, checked once at start. */
const schema = z.object({
  ...baseConfigShape(SERVICES['realtime-gateway'].port),
  RABBITMQ_URL: env.amqpUrl(),
  /** Asked for an order's current status, with the client's own token. */
  ORDER_SERVICE_URL: env.httpUrl(),
  ORDER_SERVICE_TIMEOUT_MS: env.positiveInt(2_000),
  /** Calls to order-service in flight at most; one more is refused at once. */
  ORDER_SERVICE_MAX_CONCURRENT_CALLS: env.positiveInt(50),
  /** How long the breaker stays open before one trial call goes through. */
  ORDER_SERVICE_BREAKER_RESET_MS: env.positiveInt(5_000),
  /** Verifies the order and customer tokens order-service signs; the same value on both. */
  ACCESS_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters'),
  /**
   * socket.io's transport heartbeat: a ping every interval; no pong within the timeout closes
   * the connection. Both sides notice a dead peer within interval + timeout.
   */
  SOCKET_PING_INTERVAL_MS: env.positiveInt(5_000),
  SOCKET_PING_TIMEOUT_MS: env.positiveInt(4_000),
  /**
   * The application heartbeat: `heartbeat { at, seq }` to every client (and a comment line to
   * every SSE stream) this often, through the same path as pushes, so a connection whose pings
   * pass but whose messages do not is noticed too. Clients allow about two missed ones.
   */
  HEARTBEAT_INTERVAL_MS: env.positiveInt(3_000),
  /** How long a ticket from POST /sse-tickets may wait before it opens its one SSE stream. */
  SSE_TICKET_TTL_MS: env.positiveInt(30_000),
  /** Naive forms for the chaos lab (docs/chaos.md); refused in production. */
  WEAK_MECHANISMS: env.weakMechanisms(['ack-before-effect', 'no-heartbeat']),
});

export type RealtimeGatewayConfig = z.infer<typeof schema>;

export const loadRealtimeGatewayConfig = (
  source: Readonly<Record<string, string | undefined>>,
): RealtimeGatewayConfig => parseConfig(schema, source);
