import { createRequire } from 'node:module';
import type { CustomerSession } from '@pattern-shop/testing';

type AutocannonResult = {
  requests: { average: number; total: number };
  latency: { p50: number; p90: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
};
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;

// autocannon is CommonJS without bundled types; this is the slice of it the bench uses.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export type LoadResult = Readonly<{
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  total: number;
  failed: number;
}>;

const SKUS = ['MUG-001', 'TEE-002', 'CAP-004', 'PEN-008', 'BAG-009'];

/**
 * POST /orders with two lines per request, each as a customer drawn from the pool (their
 * tokens), at fixed concurrency or rate.
 */
export const loadPlaceOrder = async (
  baseUrl: string,
  customers: readonly CustomerSession[],
  { connections, seconds, rate }: { connections: number; seconds: number; rate?: number },
): Promise<LoadResult> => {
  let sent = 0;
  const result = await autocannon({
    url: `${baseUrl}/orders`,
    connections,
    duration: seconds,
    ...(rate === undefined ? {} : { overallRate: rate }),
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request: Record<string, unknown>) => ({
          ...request,
          headers: {
            ...(request['headers'] as Record<string, string>),
            authorization: `Bearer ${customers[sent++ % customers.length]?.token ?? ''}`,
          },
          body: JSON.stringify({
            items: [
              { sku: SKUS[Math.floor(Math.random() * SKUS.length)], quantity: 1 },
              { sku: 'STICK-006', quantity: 2 },
            ],
          }),
        }),
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    total: result.requests.total,
    failed: result.non2xx + result.errors + result.timeouts,
  };
};
