import { afterEach, describe, expect, it } from '@jest/globals';
import { waitFor } from '@pattern-shop/testing';
import { Registry } from 'prom-client';
import { type CircuitBreaker, createCircuitBreaker } from './circuit-breaker.js';

// What a learner reads in the log as a dependency fails and recovers: one warn line per state
// change, from the breaker itself, with where it came from and why.

const breakers: Array<CircuitBreaker<[string], string>> = [];
afterEach(() => breakers.splice(0).forEach((breaker) => breaker.shutdown()));

const loggedBreaker = () => {
  const lines: Array<{ fields: object; message: string }> = [];
  const registry = new Registry();
  const breaker = createCircuitBreaker(
    async (_signal: AbortSignal, behaviour: string): Promise<string> => {
      if (behaviour === 'fail') throw new Error('inventory-service answered 503');
      return 'in stock';
    },
    {
      target: 'inventory-service',
      registry,
      volumeThreshold: 3,
      resetTimeoutMs: 30,
      logger: { warn: (fields, message) => void lines.push({ fields, message }) },
    },
  );
  breakers.push(breaker);
  const halfOpen = () =>
    waitFor('half-open', async () => (breaker.state === 'half-open' ? true : undefined), {
      timeoutMs: 2_000,
      intervalMs: 5,
    });
  return { breaker, lines, registry, halfOpen };
};

describe('circuit breaker state changes in the log', () => {
  it('given failures that open it, a failed trial and a good one, then each change is logged once with from, to and why', async () => {
    const { breaker, lines, registry, halfOpen } = loggedBreaker();

    for (let i = 0; i < 3; i++) await breaker.call('fail').catch(() => undefined);
    await halfOpen();
    await breaker.call('fail').catch(() => undefined);
    await halfOpen();
    await breaker.call('answer');

    const target = 'inventory-service';
    expect(lines).toEqual(
      [
        {
          target,
          from: 'closed',
          to: 'open',
          why: 'failures in window',
          failuresInWindow: 3,
          callsInWindow: 3,
        },
        { target, from: 'open', to: 'half-open', why: 'reset timeout elapsed' },
        { target, from: 'half-open', to: 'open', why: 'trial failed' },
        { target, from: 'open', to: 'half-open', why: 'reset timeout elapsed' },
        { target, from: 'half-open', to: 'closed', why: 'trial ok' },
      ].map((fields) => ({ fields, message: 'circuit breaker changed state' })),
    );
    const changes = await registry.getSingleMetricAsString('circuit_breaker_state_changes_total');
    expect(changes).toContain(
      `circuit_breaker_state_changes_total{target="${target}",to="open"} 2`,
    );
    expect(changes).toContain(
      `circuit_breaker_state_changes_total{target="${target}",to="closed"} 1`,
    );
  });

  it('given calls that succeed, then nothing is logged', async () => {
    const { breaker, lines } = loggedBreaker();
    for (let i = 0; i < 5; i++) await breaker.call('answer');
    expect(lines).toEqual([]);
  });
});
