import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ServiceProcess, waitFor } from '@pattern-shop/testing';
import { customerToken, newCustomerId } from '../support/order-api.js';
import {
  eventsOf,
  FAST_HEARTBEATS,
  freePort,
  type RealtimeStack,
  startRealtimeStack,
} from '../support/realtime-stack.js';

/**
 * A loopback proxy that can go silent: connections stay open but nothing passes either way,
 * which is what a client behind a dead NAT or a frozen laptop looks like to the gateway.
 */
const silenceableProxy = async (targetPort: number) => {
  let silent = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      sockets.add(from);
      from.on('data', (chunk) => silent || to.write(chunk));
      from.on('error', () => from.destroy());
      from.on('close', () => to.destroy());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    silence: () => (silent = true),
    close: () => {
      sockets.forEach((socket) => socket.destroy());
      server.close();
    },
  };
};

const metricsOf = async (baseUrl: string) => (await fetch(`${baseUrl}/metrics`)).text();
const sampleOf = (text: string, series: RegExp) => Number(text.match(series)?.[1] ?? NaN);

/** Pattern 6: customer tokens on real servers, the gateway's own heartbeat, and its breaker. */
describe('pattern 6, real-time edge: customers, silent clients and a stalled order-service', () => {
  let stack: RealtimeStack;

  beforeAll(async () => {
    stack = await startRealtimeStack();
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it("given a customer token following all its orders, then it sees every one of its orders change, and none of another customer's", async () => {
    const customerId = newCustomerId();
    const [first, second] = [
      await stack.placeOrder(customerId),
      await stack.placeOrder(customerId),
    ];
    const stranger = newCustomerId();
    const other = await stack.placeOrder(stranger);
    const { shown, events } = stack.follow({ token: customerToken(customerId), customer: true });
    await waitFor('subscribed', async () =>
      eventsOf(events, 'subscribed').length ? true : undefined,
    );

    const fact = (placed: typeof first, owner: string) => ({
      orderId: placed.orderId,
      customerId: owner,
      totalCents: placed.total.amountCents,
    });
    await stack.publishStatus(fact(other, stranger), 'OrderConfirmed', 2);
    await stack.publishStatus(fact(first, customerId), 'OrderConfirmed', 2);
    await stack.publishStatus(fact(second, customerId), 'OrderCancelled', 2);

    // Its orders' own OrderPlaced facts may be pushed too (PENDING), before or after these: what
    // the customer must end up seeing is each order's latest status.
    const latest = () => new Map(shown.map(({ orderId, status }) => [orderId, status] as const));
    await waitFor('both of its orders pushed final', async () =>
      latest().get(first.orderId) === 'CONFIRMED' && latest().get(second.orderId) === 'CANCELLED'
        ? true
        : undefined,
    );
    expect([...latest().keys()].sort()).toEqual([first.orderId, second.orderId].sort());
    expect(shown.some((push) => push.orderId === other.orderId)).toBe(false);
    expect(eventsOf(events, 'refused')).toEqual([]);
  }, 60_000);

  it('given a customer token, when it follows one of its own orders, then order-service is asked and the current status comes with the answer', async () => {
    const customerId = newCustomerId();
    const placed = await stack.placeOrder(customerId);
    const { client } = stack.follow({ token: customerToken(customerId) });

    const ack = await client.follow(placed.orderId);

    expect(ack).toMatchObject({ ok: true, status: { orderId: placed.orderId, status: 'PENDING' } });
  }, 30_000);

  it('given a client that goes silent behind a proxy, then the gateway finds it dead by its own ping timeout and counts it', async () => {
    const gatewayPort = Number(new URL(stack.gatewayUrl).port);
    const proxy = await silenceableProxy(gatewayPort);
    const customerId = newCustomerId();
    const placed = await stack.placeOrder(customerId);
    const gatewayFailures =
      /^realtime_heartbeat_failures_total\{detected_by="gateway"[^}]*\} (\d+)$/m;
    try {
      const before = sampleOf(await metricsOf(stack.gatewayUrl), gatewayFailures);
      const { events } = stack.follow({
        url: proxy.url,
        token: placed.accessToken,
        orderIds: [placed.orderId],
      });
      await waitFor('subscribed', async () =>
        eventsOf(events, 'subscribed').length ? true : undefined,
      );

      proxy.silence();

      // socket.io pings every 2 s and waits 2 s for the pong (FAST_HEARTBEATS).
      const after = await waitFor(
        'the gateway to count a ping timeout',
        async () => {
          const value = sampleOf(await metricsOf(stack.gatewayUrl), gatewayFailures);
          return value > before ? value : undefined;
        },
        { timeoutMs: 15_000 },
      );
      expect(after).toBe(before + 1);
    } finally {
      proxy.close();
    }
  }, 60_000);

  describe('given order-service hanging (it accepts connections and never answers)', () => {
    let hanging: Server;
    let gateway: ServiceProcess;

    beforeAll(async () => {
      hanging = createServer(() => undefined); // holds every connection, answers nothing
      await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
      const { port } = hanging.address() as { port: number };
      gateway = ServiceProcess.start('realtime-gateway', {
        PORT: String(await freePort()),
        ORDER_SERVICE_URL: `http://127.0.0.1:${port}`,
        ORDER_SERVICE_TIMEOUT_MS: '300',
        ORDER_SERVICE_BREAKER_RESET_MS: '60000',
        ...FAST_HEARTBEATS,
      });
      await gateway.waitUntilReady();
    }, 60_000);

    afterAll(async () => {
      await gateway?.stop();
      hanging?.close();
    }, 30_000);

    it('when customers keep subscribing, then the breaker opens and they are told at once that order-service is unavailable, while order tokens still get in', async () => {
      const customerId = newCustomerId();
      const placed = await stack.placeOrder(customerId);
      const { client } = stack.follow({ url: gateway.baseUrl, token: customerToken(customerId) });
      const open = /^circuit_breaker_state\{target="order-service"[^}]*\} (\d+)$/m;

      // Five timed-out calls fill the window; at 100 % failures the breaker opens.
      for (let attempt = 0; attempt < 5; attempt++) {
        expect(await client.follow(placed.orderId)).toMatchObject({
          ok: false,
          error: { code: 'unavailable' },
        });
      }
      expect(sampleOf(await metricsOf(gateway.baseUrl), open)).toBe(2);

      const shortCircuited =
        /^circuit_breaker_calls_total\{target="order-service",result="short_circuited"[^}]*\} (\d+)$/m;
      const skippedBefore = sampleOf(await metricsOf(gateway.baseUrl), shortCircuited);

      const refused = await client.follow(placed.orderId);

      expect(refused).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      expect(JSON.stringify(refused)).toMatch(/circuit breaker is open/);
      // Refused by the open breaker, without a call to wait on.
      expect(sampleOf(await metricsOf(gateway.baseUrl), shortCircuited)).toBe(skippedBefore + 1);
      const withOrderToken = stack.follow({
        url: gateway.baseUrl,
        token: placed.accessToken,
        orderIds: [placed.orderId],
      });
      await waitFor('an order token subscribed despite the open breaker', async () =>
        eventsOf(withOrderToken.events, 'subscribed').length ? true : undefined,
      );
    }, 60_000);
  });
});
