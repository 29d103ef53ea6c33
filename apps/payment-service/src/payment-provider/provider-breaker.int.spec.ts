import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@pattern-shop/testing';
import {
  chargeCommand,
  metricOf,
  type PaymentRig,
  startPaymentRig,
} from '../testing/payment-test-kit.js';
import { PROVIDER_TARGET } from './payment-provider.gateway.js';

const TIMEOUT_MS = 200;
const BREAKER_OPEN = 2; // circuit_breaker_state: 0 closed, 1 half-open, 2 open

/**
 * The synchronous hop under a slow provider: every call times out, the breaker opens and stops
 * calling, and once the provider is fast again every order ends charged exactly once, although
 * each timed-out call was captured late at the provider.
 */
describe('payment-service: a provider slower than the timeout opens the circuit breaker', () => {
  let rig: PaymentRig;
  const breaker = (name: string, labels: Record<string, string> = {}) =>
    metricOf(rig.service.baseUrl, name, { target: PROVIDER_TARGET, ...labels });

  beforeAll(async () => {
    rig = await startPaymentRig({
      env: {
        PAYMENT_PROVIDER_TIMEOUT_MS: String(TIMEOUT_MS),
        PAYMENT_PROVIDER_BREAKER_RESET_MS: '1500',
        // Enough attempts to outlast the open breaker.
        COMMAND_RETRY_DELAYS_MS: '300,600,1000',
        COMMAND_MAX_ATTEMPTS: '10',
      },
    });
  }, 90_000);

  afterAll(async () => {
    await rig?.stop();
  }, 30_000);

  it('given the provider slow past the timeout, when charges time out, then the breaker opens; once it is fast again, every order is charged exactly once', async () => {
    await rig.provider.behave({ latencyMs: TIMEOUT_MS * 5 });
    const commands = Array.from({ length: 6 }, () => chargeCommand());
    await rig.publisher.send(...commands);

    await waitFor(
      'the breaker to open',
      async () => ((await breaker('circuit_breaker_state')) === BREAKER_OPEN ? true : undefined),
      { intervalMs: 50 },
    );
    expect(
      await breaker('circuit_breaker_calls_total', { result: 'timeout' }),
    ).toBeGreaterThanOrEqual(5);
    await rig.provider.reset();

    for (const { data } of commands) {
      const [reply] = await rig.replies.waitForReplies(data.orderId);
      expect(reply?.type).toBe('PaymentCharged');
      // The timed-out calls were captured late; the retries, same Idempotency-Key, got that charge.
      expect((await rig.provider.ledgerOf(data.orderId)).charges).toHaveLength(1);
    }
    expect(await breaker('circuit_breaker_state')).toBe(0);
    expect(
      await breaker('circuit_breaker_calls_total', { result: 'short_circuited' }),
    ).toBeGreaterThan(0);
  }, 60_000);
});
