import type { Logger } from '@pattern-shop/observability';
import type { Registry } from '@pattern-shop/observability';
import { createCircuitBreaker } from '@pattern-shop/resilience';
import type { OrderServiceConfig } from '../order-service.config.js';
import type { RequestedLine } from '../place-order/price-order.js';
import { AvailabilityRequestRejected, fetchAvailability } from './inventory-availability.client.js';

/**
 * The guarded synchronous hop to inventory-service: timeout, circuit breaker, concurrency cap.
 * A 4xx answer is our own mistake and never opens the breaker.
 */
export const inventoryAvailabilityBreaker = (
  config: OrderServiceConfig,
  metrics: Registry,
  logger: Logger,
) =>
  createCircuitBreaker(
    (signal, lines: readonly RequestedLine[], correlationId: string | undefined) =>
      fetchAvailability(config.INVENTORY_URL, lines, signal, correlationId),
    {
      target: 'inventory-service',
      registry: metrics,
      timeoutMs: config.INVENTORY_TIMEOUT_MS,
      maxConcurrentCalls: config.INVENTORY_MAX_CONCURRENT_CALLS,
      resetTimeoutMs: config.INVENTORY_BREAKER_RESET_MS,
      weak: config.WEAK_MECHANISMS.includes('no-breaker'),
      isCallerError: (error) => error instanceof AvailabilityRequestRejected,
      logger,
    },
  );
