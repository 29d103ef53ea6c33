import type { ChargePaymentData } from '@pattern-shop/contracts';
import type { Logger, Registry } from '@pattern-shop/observability';
import { type CircuitBreaker, createCircuitBreaker } from '@pattern-shop/resilience';
import type { PaymentServiceConfig } from '../payment-service.config.js';
import type { ChargeResult } from '@pattern-shop/payment-domain';
import {
  type FoundCharge,
  getChargeByKey,
  postCharge,
  postRefund,
  ProviderRejectedRequest,
  type RefundRequest,
} from './payment-provider.client.js';

type ProviderCall = (signal: AbortSignal) => Promise<unknown>;

export const PROVIDER_TARGET = 'payment-provider';

/**
 * The guarded synchronous hop to the card processor: timeout, circuit breaker (state exported
 * as `circuit_breaker_state{target="payment-provider"}`) and concurrency cap, one breaker for
 * charges, lookups and refunds alike because they fail together. A decline is an answer, not a failure;
 * a 4xx is our own mistake and never opens the breaker.
 */
export class PaymentProviderGateway {
  private readonly breaker: CircuitBreaker<[ProviderCall], unknown>;

  constructor(
    private readonly config: PaymentServiceConfig,
    metrics: Registry,
    logger: Logger,
  ) {
    this.breaker = createCircuitBreaker((signal, call: ProviderCall) => call(signal), {
      target: PROVIDER_TARGET,
      registry: metrics,
      timeoutMs: config.PAYMENT_PROVIDER_TIMEOUT_MS,
      maxConcurrentCalls: config.PAYMENT_PROVIDER_MAX_CONCURRENT_CALLS,
      resetTimeoutMs: config.PAYMENT_PROVIDER_BREAKER_RESET_MS,
      isCallerError: (error) => error instanceof ProviderRejectedRequest,
      logger,
    });
  }

  charge(request: ChargePaymentData, correlationId: string): Promise<ChargeResult> {
    const url = this.config.PAYMENT_PROVIDER_URL;
    return this.guarded((signal) => postCharge(url, request, signal, correlationId));
  }

  /** What the provider holds for an order: its charges' Idempotency-Key is the order id. */
  findCharge(orderId: string, correlationId: string): Promise<FoundCharge | undefined> {
    const url = this.config.PAYMENT_PROVIDER_URL;
    return this.guarded((signal) => getChargeByKey(url, orderId, signal, correlationId));
  }

  refund(request: RefundRequest, correlationId: string): Promise<{ refundId: string }> {
    const url = this.config.PAYMENT_PROVIDER_URL;
    return this.guarded((signal) => postRefund(url, request, signal, correlationId));
  }

  // The breaker is typed by its one function; each call knows its own answer type.
  private guarded<T>(call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return this.breaker.call(call) as Promise<T>;
  }
}
