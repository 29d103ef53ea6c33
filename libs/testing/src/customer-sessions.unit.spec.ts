import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { guestSessionPool, startGuestSession } from './customer-sessions.js';

let server: Server | undefined;

/** A stand-in POST /sessions/guest (unit tier) answering `status`, numbering its guests. */
const standIn = async (status = 201): Promise<string> => {
  let guests = 0;
  server = createServer((request, response) => {
    guests += 1;
    const ok = request.method === 'POST' && request.url === '/sessions/guest' && status === 201;
    response.writeHead(ok ? 201 : status, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify(
        ok
          ? {
              customerId: `guest-${guests}`,
              token: `t${guests}`,
              expiresAt: '2030-01-01T00:00:00Z',
            }
          : { type: 'https://pattern-shop.dev/problems/too-many-requests' },
      ),
    );
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server?.address() as AddressInfo).port}`;
};

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

describe('guest sessions for tools that drive the shop', () => {
  it('given order-service hands out guests, when a pool of 23 is made, then 23 distinct customers come back and progress ends at 23', async () => {
    const url = await standIn();
    const progress: number[] = [];

    const pool = await guestSessionPool(url, 23, (made) => progress.push(made));

    expect(new Set(pool.map((session) => session.customerId)).size).toBe(23);
    expect(progress.at(-1)).toBe(23);
    expect(progress.length).toBeLessThanOrEqual(5);
  });

  it('given order-service refuses (429), when a guest session is asked for, then the error names the status', async () => {
    const url = await standIn(429);

    await expect(startGuestSession(url)).rejects.toThrow(/POST \/sessions\/guest answered 429/);
  });
});
