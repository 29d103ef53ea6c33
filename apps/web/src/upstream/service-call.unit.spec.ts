import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Response } from 'express';
import { relay, serviceCall } from './service-call.js';

/** A stand-in order-service that refuses with a rate limit, as the real one does past its limit. */
let upstream: Server;
let url = '';

beforeAll(async () => {
  upstream = createServer((_request, response) => {
    response.writeHead(429, { 'content-type': 'application/problem+json', 'retry-after': '7' });
    response.end(JSON.stringify({ type: 'https://pattern-shop.dev/problems/rate-limited' }));
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => upstream.close(resolve));
});

const recordingResponse = () => {
  const seen: { status?: number; type?: string; headers: Record<string, string> } = { headers: {} };
  const response = {
    status(code: number) {
      seen.status = code;
      return response;
    },
    type(value: string) {
      seen.type = value;
      return response;
    },
    setHeader(name: string, value: string) {
      seen.headers[name] = value;
      return response;
    },
  };
  return { seen, response: response as unknown as Response };
};

describe('relaying a service answer', () => {
  it('given a 429 with Retry-After, when relayed, then the page gets the status, problem and Retry-After unchanged', async () => {
    const call = serviceCall({ 'order-service': url } as never, 1_000);
    const answer = await call('order-service', '/orders', { method: 'POST', body: { items: [] } });
    const { seen, response } = recordingResponse();

    const body = relay(answer, response);

    expect(seen).toEqual({
      status: 429,
      type: 'application/problem+json',
      headers: { 'Retry-After': '7' },
    });
    expect(body).toEqual({ type: 'https://pattern-shop.dev/problems/rate-limited' });
  });
});
