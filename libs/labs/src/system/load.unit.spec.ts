import { describe, expect, it } from '@jest/globals';
import { describeAnswers, percentile } from './load.js';
import { sampleValue } from './metrics.js';

describe('what the lab prints about answers and metrics', () => {
  it('given latencies, then p50 and p99 are the nearest-rank values', () => {
    const ms = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(ms, 50)).toBe(50);
    expect(percentile(ms, 99)).toBe(99);
    expect(percentile([], 99)).toBe(0);
  });

  it('given answers, then the summary counts statuses, latency and replica pricing', () => {
    expect(
      describeAnswers([
        { status: 202, ms: 10, availabilityChecked: true },
        { status: 202, ms: 12, availabilityChecked: false },
        { status: 503, ms: 4000 },
        { status: 0, ms: 10_000 },
      ]),
    ).toBe(
      '4 sent: 1 x no answer, 2 x 202, 1 x 503 | p50 12 ms, p99 10000 ms | 1 priced from the replica',
    );
  });

  it('given Prometheus text, then one sample is found by name and labels, 0 when absent', () => {
    const text = [
      '# HELP circuit_breaker_calls_total Calls.',
      'circuit_breaker_calls_total{target="inventory-service",result="timeout"} 4',
      'circuit_breaker_calls_total{target="inventory-service",result="short_circuited"} 17',
      'circuit_breaker_calls_total_created 1',
    ].join('\n');
    const calls = (result: string) =>
      sampleValue(text, 'circuit_breaker_calls_total', { target: 'inventory-service', result });
    expect(calls('short_circuited')).toBe(17);
    expect(calls('timeout')).toBe(4);
    expect(calls('success')).toBe(0);
  });
});
