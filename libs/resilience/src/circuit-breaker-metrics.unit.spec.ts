import { afterEach, describe, expect, it } from '@jest/globals';
import { waitFor } from '@pattern-shop/testing';
import { Registry } from 'prom-client';
import { type CircuitBreaker, createCircuitBreaker } from './circuit-breaker.js';

class HttpError extends Error {
  constructor(readonly status: number) {
    super(`inventory-service answered ${status}`);
  }
}

const breakers: Array<CircuitBreaker<[string], string>> = [];
/** The dependency's behaviour is chosen per call by its argument. */
const breakerOn = (registry: Registry, target = 'inventory-service') => {
  const breaker = createCircuitBreaker(
    async (signal: AbortSignal, behaviour: string): Promise<string> => {
      if (behaviour === 'hang') {
        // Never answers; gives up only when the timeout aborts the signal.
        return new Promise((_, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason)),
        );
      }
      if (behaviour === 'fail') throw new HttpError(503);
      if (behaviour === 'not-found') throw new HttpError(404);
      return 'in stock';
    },
    {
      target,
      registry,
      timeoutMs: 20,
      maxConcurrentCalls: 1,
      volumeThreshold: 3,
      resetTimeoutMs: 30,
      isCallerError: (error) => error instanceof HttpError && error.status < 500,
    },
  );
  breakers.push(breaker);
  return breaker;
};
afterEach(() => breakers.splice(0).forEach((breaker) => breaker.shutdown()));

/** The lines of one metric exactly as `GET /metrics` shows them. */
const scrape = (registry: Registry, name: string) => registry.getSingleMetricAsString(name);
const calls = (target: string, result: string, value: number) =>
  `circuit_breaker_calls_total{target="${target}",result="${result}"} ${value}`;
const state = (value: number) => `circuit_breaker_state{target="inventory-service"} ${value}`;

describe('circuit breaker metrics', () => {
  it('given a new breaker, then its state is 0 (closed) and every result is exported at 0', async () => {
    const registry = new Registry();
    breakerOn(registry);
    expect(await scrape(registry, 'circuit_breaker_state')).toContain(state(0));
    const results = await scrape(registry, 'circuit_breaker_calls_total');
    for (const result of [
      'success',
      'failure',
      'timeout',
      'caller_error',
      'rejected',
      'short_circuited',
    ]) {
      expect(results).toContain(calls('inventory-service', result, 0));
    }
  });

  it('given every kind of outcome, then each is counted and only calls that ran are timed', async () => {
    const registry = new Registry();
    const breaker = breakerOn(registry);
    await breaker.call('answer');
    await breaker.call('not-found').catch(() => undefined); // a caller error: no harm to the breaker
    const hanging = breaker.call('hang').catch(() => undefined);
    await breaker.call('answer').catch(() => undefined); // refused: the hanging call holds the slot
    await hanging; // times out
    await breaker.call('fail').catch(() => undefined);
    await breaker.call('fail').catch(() => undefined); // 3 of 5 calls failed: over 50%, it opens
    await breaker.call('answer').catch(() => undefined); // short-circuited

    const text = await scrape(registry, 'circuit_breaker_calls_total');
    expect(text).toContain(calls('inventory-service', 'success', 1));
    expect(text).toContain(calls('inventory-service', 'caller_error', 1));
    expect(text).toContain(calls('inventory-service', 'rejected', 1));
    expect(text).toContain(calls('inventory-service', 'timeout', 1));
    expect(text).toContain(calls('inventory-service', 'failure', 2));
    expect(text).toContain(calls('inventory-service', 'short_circuited', 1));
    expect(await scrape(registry, 'circuit_breaker_call_duration_seconds')).toContain(
      'circuit_breaker_call_duration_seconds_count{target="inventory-service"} 5',
    );
    expect(await scrape(registry, 'circuit_breaker_state')).toContain(state(2));
  });

  it('given an open breaker that recovers, then each state change is counted and the gauge follows', async () => {
    const registry = new Registry();
    const breaker = breakerOn(registry);
    for (let i = 0; i < 3; i++) await breaker.call('fail').catch(() => undefined);
    await waitFor('half-open', async () => (breaker.state === 'half-open' ? true : undefined), {
      timeoutMs: 2_000,
      intervalMs: 5,
    });
    expect(await scrape(registry, 'circuit_breaker_state')).toContain(state(1));
    await breaker.call('answer');

    const changes = await scrape(registry, 'circuit_breaker_state_changes_total');
    for (const to of ['open', 'half-open', 'closed']) {
      expect(changes).toContain(
        `circuit_breaker_state_changes_total{target="inventory-service",to="${to}"} 1`,
      );
    }
    expect(await scrape(registry, 'circuit_breaker_state')).toContain(state(0));
  });

  it('given two breakers on one registry, then they share the metrics, each under its own target', async () => {
    const registry = new Registry();
    await breakerOn(registry, 'inventory-service').call('answer');
    await breakerOn(registry, 'payment-provider')
      .call('fail')
      .catch(() => undefined);
    const text = await scrape(registry, 'circuit_breaker_calls_total');
    expect(text).toContain(calls('inventory-service', 'success', 1));
    expect(text).toContain(calls('inventory-service', 'failure', 0));
    expect(text).toContain(calls('payment-provider', 'failure', 1));
    expect(text).toContain(calls('payment-provider', 'success', 0));
  });
});
