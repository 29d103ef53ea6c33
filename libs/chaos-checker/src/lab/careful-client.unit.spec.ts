import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import { runCarefulClient } from './careful-client.js';

/** A stand-in POST /orders (unit tier): the first attempt of each key 503, the next 202. */
const seen = new Map<string, number>();
const bodies = new Map<string, string>();
const authorizations = new Map<string, string | undefined>();
let server: Server;
let url = '';

beforeAll(async () => {
  server = createServer((request, response) => {
    const key = String(request.headers['idempotency-key']);
    const attempt = (seen.get(key) ?? 0) + 1;
    seen.set(key, attempt);
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      bodies.set(key, body);
      authorizations.set(key, request.headers.authorization);
      response.statusCode = attempt === 1 ? 503 : 202;
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(attempt === 1 ? {} : { orderId: `order-${key}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/orders`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const customers = [0, 1, 2, 3].map((n) => ({
  customerId: `unit-${n}`,
  token: `token-of-unit-${n}`,
  expiresAt: '2030-01-01T00:00:00Z',
}));

const settings = (seed: number) => ({
  ordersUrl: url,
  rate: 20,
  durationMs: 500,
  seed,
  customers,
  skus: ['A-1', 'B-2', 'C-3'],
  phaseAt: () => 'before' as const,
});

describe('the careful client', () => {
  it('given a 503, then it retries with the same key until the 202, and records every attempt', async () => {
    const record = await runCarefulClient(settings(1));

    expect(record).toHaveLength(10); // 20/s for half a second, whatever the answers
    for (const request of record) {
      expect(request.attempts.map((a) => a.status)).toEqual([503, 202]);
      expect(request.attempts[1]?.orderId).toBe(`order-${request.key}`);
      expect(seen.get(request.key)).toBe(2);
    }
    expect(new Set(record.map((r) => r.key)).size).toBe(10);
  });

  it('given a pool of customers made before the load, then the orders go round it, each with its customer token and no customerId in the body, and each 202 is reported with its customer', async () => {
    const accepted: Array<[string, string | undefined]> = [];
    const record = await runCarefulClient(settings(2), (attempt, customerId) => {
      if (attempt.status === 202) accepted.push([customerId, attempt.orderId]);
    });

    expect(record.map((r) => r.customerId)).toEqual(
      Array.from({ length: 10 }, (_, n) => `unit-${n % 4}`),
    );
    for (const request of record) {
      expect(authorizations.get(request.key)).toBe(`Bearer token-of-${request.customerId}`);
      expect(JSON.parse(bodies.get(request.key) ?? '{}')).not.toHaveProperty('customerId');
    }
    expect(accepted.sort()).toEqual(
      record.map((r) => [r.customerId, `order-${r.key}`] as [string, string]).sort(),
    );
  });

  it('given the same seed, then the same keys; another seed, other keys', async () => {
    const keys = async (seed: number) => (await runCarefulClient(settings(seed))).map((r) => r.key);
    const first = await keys(5);
    expect(await keys(5)).toEqual(first);
    expect(await keys(6)).not.toEqual(first);
  });

  it('given a hot product, then its crowd comes on top of the steady load, one unit each', async () => {
    const record = await runCarefulClient({
      ...settings(7),
      burst: { atMs: 100, count: 15, sku: 'HOT-9' },
    });

    const crowd = record.slice(10);
    expect(record).toHaveLength(25);
    for (const request of crowd) {
      expect(JSON.parse(bodies.get(request.key) ?? '{}')).toEqual({
        items: [{ sku: 'HOT-9', quantity: 1 }],
      });
      expect(authorizations.get(request.key)).toBe(`Bearer token-of-${request.customerId}`);
    }
  });
});
