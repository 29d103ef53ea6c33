import { afterEach, describe, expect, it } from '@jest/globals';
import { waitFor } from '@pattern-shop/testing';
import { Registry } from 'prom-client';
import { type CircuitBreaker, createCircuitBreaker } from './circuit-breaker.js';
import { CallTimeoutError } from './errors.js';

// The weak variant `no-breaker` (docs/chaos.md): what the chaos lab turns off to show the breaker matters.

const breakers: Array<CircuitBreaker<unknown[], unknown>> = [];
afterEach(() => breakers.splice(0).forEach((breaker) => breaker.shutdown()));

const weakBreaker = <TArgs extends unknown[], T>(
  call: (signal: AbortSignal, ...args: TArgs) => Promise<T>,
  options: { timeoutMs?: number; maxConcurrentCalls?: number } = {},
) => {
  const breaker = createCircuitBreaker(call, {
    target: 'inventory-service',
    registry: new Registry(),
    volumeThreshold: 3,
    weak: true,
    ...options,
  });
  breakers.push(breaker as CircuitBreaker<unknown[], unknown>);
  return breaker;
};

describe('no-breaker: the weak variant of the guarded hop', () => {
  it('given failures far past the threshold, then it never opens and every call reaches the dependency', async () => {
    let calls = 0;
    const breaker = weakBreaker(async () => {
      calls += 1;
      throw new Error('inventory-service answered 503');
    });
    for (let i = 0; i < 20; i++) {
      await expect(breaker.call()).rejects.toThrow('answered 503');
    }
    expect(calls).toBe(20);
    expect(breaker.state).toBe('closed');
  });

  it('given the cap reached, then more calls still go to the dependency instead of being refused', async () => {
    const answers: Array<() => void> = [];
    const breaker = weakBreaker(
      (_signal: AbortSignal, sku: string) =>
        new Promise<string>((resolve) => answers.push(() => resolve(sku))),
      { maxConcurrentCalls: 2, timeoutMs: 5_000 },
    );
    const running = ['A', 'B', 'C', 'D', 'E'].map((sku) => breaker.call(sku));
    await waitFor('five calls at the dependency', async () => answers.length === 5 || undefined, {
      timeoutMs: 2_000,
      intervalMs: 5,
    });
    answers.forEach((answer) => answer());
    await expect(Promise.all(running)).resolves.toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('given a slow dependency, then the timeout still cuts every call, each one waiting it in full', async () => {
    const breaker = weakBreaker(
      (signal: AbortSignal) =>
        new Promise<string>((_resolve, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason as Error)),
        ),
      { timeoutMs: 30 },
    );
    for (let i = 0; i < 6; i++) {
      const started = Date.now();
      await expect(breaker.call()).rejects.toBeInstanceOf(CallTimeoutError);
      // A resilient breaker would be open by now and refuse in microseconds.
      expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    }
    expect(breaker.state).toBe('closed');
  });
});
