import type { Logger, Registry } from '@pattern-shop/observability';
import { type FetchOrderStatus, orderStatusFetcher } from '@pattern-shop/realtime-client';
import { createCircuitBreaker } from '@pattern-shop/resilience';
import type { RealtimeGatewayConfig } from '../realtime-gateway.config.js';

/** order-service refused the client's request (its token, its order): says nothing of its health. */
class OrderServiceRefused extends Error {}

/**
 * The gateway's one synchronous hop, guarded like every other (DESIGN.md): a timeout, a circuit
 * breaker and a cap on calls in flight. When order-service stalls, a wave of reconnecting
 * clients then meets an open breaker at once, instead of each holding a socket for the timeout
 * and piling onto the recovering service. Answers with a 4xx never open it.
 */
export const orderServiceBreaker = (
  config: RealtimeGatewayConfig,
  registry: Registry,
  logger: Logger,
): ((token: string) => FetchOrderStatus) => {
  const breaker = createCircuitBreaker(
    (signal, token: string, orderId: string) =>
      orderStatusFetcher({
        orderServiceUrl: config.ORDER_SERVICE_URL,
        token,
        timeoutMs: config.ORDER_SERVICE_TIMEOUT_MS,
        fetch: async (url, init) => {
          const signals = [signal, ...(init?.signal ? [init.signal] : [])];
          const response = await fetch(url, { ...init, signal: AbortSignal.any(signals) });
          if (response.status >= 400 && response.status < 500 && response.status !== 404) {
            throw new OrderServiceRefused(`GET /orders/${orderId} answered ${response.status}`);
          }
          return response;
        },
      })(orderId),
    {
      target: 'order-service',
      registry,
      timeoutMs: config.ORDER_SERVICE_TIMEOUT_MS,
      maxConcurrentCalls: config.ORDER_SERVICE_MAX_CONCURRENT_CALLS,
      resetTimeoutMs: config.ORDER_SERVICE_BREAKER_RESET_MS,
      isCallerError: (error) => error instanceof OrderServiceRefused,
      logger,
    },
  );
  return (token) => (orderId) => breaker.call(token, orderId);
};
