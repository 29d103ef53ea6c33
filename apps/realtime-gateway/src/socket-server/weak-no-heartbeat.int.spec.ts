import { createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signAccessToken } from '@pattern-shop/access-tokens';
import { socketIoFactory } from '@pattern-shop/realtime-client';
import { LOCAL_INFRA, ServiceProcess, ToxiproxyClient, waitFor } from '@pattern-shop/testing';

// The weak variant `no-heartbeat` (docs/chaos.md) on a real gateway: a client behind a link that
// went silent, through a Toxiproxy proxy of this test's own, with and without the heartbeats.

const PING_MS = 1_000;
const FAST = {
  SOCKET_PING_INTERVAL_MS: String(PING_MS),
  SOCKET_PING_TIMEOUT_MS: String(PING_MS),
  HEARTBEAT_INTERVAL_MS: '500',
};
/** The resilient gateway's window: a ping missed, then its timeout, with slack for a busy box. */
const WINDOW_MS = 2 * PING_MS + 1_500;

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const toxiproxy = new ToxiproxyClient();
const token = signAccessToken(
  { scope: 'customer', customerId: 'cust-no-heartbeat' },
  { secret: LOCAL_INFRA.accessTokenSecret, now: new Date(), ttlSeconds: 600 },
);

/** A gateway on a free port, reached through a proxy named after this test. */
const gatewayBehindProxy = async (weak: string) => {
  const port = await freePort();
  const gateway = ServiceProcess.start('realtime-gateway', {
    PORT: String(port),
    ...FAST,
    WEAK_MECHANISMS: weak,
  });
  const proxy = `test.realtime-gateway-${port}`;
  const listen = `127.0.0.1:${await freePort()}`;
  await toxiproxy.createProxy({ name: proxy, listen, upstream: `127.0.0.1:${port}` });
  await gateway.waitUntilReady();
  return { gateway, proxy, url: `http://${listen}`, direct: `http://127.0.0.1:${port}` };
};

type Gateway = Awaited<ReturnType<typeof gatewayBehindProxy>>;

/** A socket.io client through the proxy that records what it receives and how it ended. */
const connectThrough = async ({ url }: Gateway) => {
  const seen = {
    heartbeats: 0,
    disconnect: undefined as { reason: string; at: number } | undefined,
  };
  const socket = socketIoFactory()(url, { token, reconnects: 0 });
  socket.on('heartbeat', () => (seen.heartbeats += 1));
  socket.on(
    'disconnect',
    (reason) => (seen.disconnect = { reason: String(reason), at: Date.now() }),
  );
  await new Promise<void>((resolve, reject) => {
    socket.on('connect', () => resolve());
    socket.on('connect_error', (error) => reject(error as Error));
  });
  return { socket, seen };
};

/** Nothing passes either way, and the TCP connection stays open (timeout 0 never closes it). */
const silence = async ({ proxy }: Gateway) => {
  for (const stream of ['upstream', 'downstream'] as const)
    await toxiproxy.addToxic(proxy, {
      name: `silent-${stream}`,
      stream,
      type: 'timeout',
      attributes: { timeout: 0 },
    });
  return Date.now();
};

describe('realtime-gateway, weak variant no-heartbeat: a silently dead link goes unnoticed', () => {
  let resilient: Gateway;
  let weak: Gateway;

  beforeAll(async () => {
    [resilient, weak] = await Promise.all([
      gatewayBehindProxy(''),
      gatewayBehindProxy('no-heartbeat'),
    ]);
  }, 120_000);

  afterAll(async () => {
    for (const gateway of [resilient, weak]) {
      if (gateway === undefined) continue;
      await toxiproxy.deleteProxy(gateway.proxy).catch(() => undefined);
      await gateway.gateway.stop();
    }
  }, 60_000);

  it('given the heartbeats on and every client gone (the timer stopped), when another connects, then heartbeats come again', async () => {
    const first = await connectThrough(resilient);
    await waitFor('a heartbeat', async () => (first.seen.heartbeats > 0 ? true : undefined));
    first.socket.close();
    await waitFor('the gateway counting no open socket', async () => {
      const metrics = await (await fetch(`${resilient.direct}/metrics`)).text();
      return /^realtime_open_connections\{[^}]*transport="socketio"[^}]*\} 0$/m.test(metrics)
        ? true
        : undefined;
    });

    const second = await connectThrough(resilient);
    await waitFor('a heartbeat again', async () => (second.seen.heartbeats > 0 ? true : undefined));
    second.socket.close();

    expect(second.seen.heartbeats).toBeGreaterThan(0);
  }, 30_000);

  it('given the heartbeats on, when the link goes silent, then the connection is dropped within the ping window', async () => {
    const { socket, seen } = await connectThrough(resilient);
    await waitFor('a heartbeat', async () => (seen.heartbeats > 0 ? true : undefined));

    const silentAt = await silence(resilient);
    const ended = await waitFor('the dead connection dropped', async () => seen.disconnect, {
      timeoutMs: WINDOW_MS * 2,
      intervalMs: 50,
    });
    socket.close();

    expect(ended.reason).toBe('ping timeout');
    expect(ended.at - silentAt).toBeLessThanOrEqual(WINDOW_MS);
  }, 30_000);

  it('given no-heartbeat, when the link goes silent, then no heartbeat ever came and the client still counts itself connected long past that window', async () => {
    const { socket, seen } = await connectThrough(weak);
    await delay(1_500); // three heartbeat intervals, in which none may come

    await silence(weak);
    // Waiting for nothing to happen: twice the window in which the resilient gateway gave up.
    await delay(WINDOW_MS * 2);
    const afterTheWindow = { ...seen };
    socket.close();

    expect(afterTheWindow).toEqual({ heartbeats: 0, disconnect: undefined });
  }, 30_000);
});
