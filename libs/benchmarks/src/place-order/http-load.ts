import { createRequire } from 'node:module';
import type { CustomerSession } from '@pattern-shop/testing';
import { benchSkus } from '../checkout/checkout-processes.js';

type AutocannonResult = {
  requests: { average: number; total: number };
  latency: { p50: number; p90: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
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
  /** Answers other than 2xx by status, e.g. `503 x12`: empty when every request succeeded. */
  failures: string;
}>;

/**
 * The bench's own products (prepared with stock by the bench), not the sample catalogue's: a test
 * that sold a sample product out would turn a fifth of the load into 422s.
 */
export const PLACE_ORDER_SKUS = benchSkus(5);

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
              {
                sku: PLACE_ORDER_SKUS[
                  1 + Math.floor(Math.random() * (PLACE_ORDER_SKUS.length - 1))
                ],
                quantity: 1,
              },
              { sku: PLACE_ORDER_SKUS[0], quantity: 2 },
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
    failures: [
      ...Object.entries(result.statusCodeStats ?? {})
        .filter(([status]) => !status.startsWith('2'))
        .map(([status, { count }]) => `${status} x${count}`),
      ...(result.errors > 0 ? [`errors x${result.errors}`] : []),
      ...(result.timeouts > 0 ? [`timeouts x${result.timeouts}`] : []),
    ].join(', '),
  };
};
