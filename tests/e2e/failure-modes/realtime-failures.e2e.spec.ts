import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fullJitterDelayMs, orderStatusFetcher } from '@pattern-shop/realtime-client';
import { waitFor } from '@pattern-shop/testing';
import { newCustomerId } from '../support/order-api.js';
import {
  CLIENT_HEARTBEAT_TIMEOUT_MS,
  eventsOf,
  type RealtimeStack,
  startRealtimeStack,
} from '../support/realtime-stack.js';

/**
 * Pattern 6's guaranteed failure: a client that silently stopped receiving while its screen looks
 * alive. Each test breaks the gateway for real (SIGKILL, SIGSTOP) and checks the client notices,
 * reconnects with jittered backoff, and ends showing the true status.
 */
describe('pattern 6, real-time edge: dead and silent connections are noticed and healed', () => {
  let stack: RealtimeStack;

  beforeAll(async () => {
    stack = await startRealtimeStack();
  }, 120_000);

  afterAll(async () => {
    const pid = stack?.gateway.pid;
    if (pid !== undefined) process.kill(pid, 'SIGCONT'); // a stopped process cannot shut down
    await stack?.stop();
  }, 60_000);

  const newOrder = async () => {
    const customerId = newCustomerId();
    const placed = await stack.placeOrder(customerId);
    const order = { orderId: placed.orderId, customerId, totalCents: placed.total.amountCents };
    return { ...order, token: placed.accessToken };
  };

  it('given the gateway is killed while the order progresses, then the client reconnects with backoff, refetches, and ends showing the newest status', async () => {
    const order = await newOrder();
    const refetches: number[] = [];
    const fetchFromOrderService = orderStatusFetcher({
      orderServiceUrl: stack.orderServiceUrl,
      token: order.token,
    });
    const { client, events } = stack.follow({
      token: order.token,
      orderIds: [order.orderId],
      fetchStatus: async (orderId) => (refetches.push(Date.now()), fetchFromOrderService(orderId)),
    });
    await waitFor('PENDING', async () => (client.statusOf(order.orderId) ? true : undefined));

    await stack.killGateway();
    await waitFor('a few failed reconnection attempts', async () =>
      eventsOf(events, 'reconnect-scheduled').length >= 3 ? true : undefined,
    );
    const restartedAt = Date.now();
    await stack.restartGateway();
    await waitFor('the client to resubscribe', async () =>
      eventsOf(events, 'subscribed').length === 2 ? true : undefined,
    );
    await waitFor('the refetch after the reconnect', async () =>
      refetches.some((at) => at >= restartedAt) ? true : undefined,
    );
    await stack.publishStatus(order, 'OrderConfirmed', 2);

    await waitFor('CONFIRMED', async () =>
      client.statusOf(order.orderId)?.status === 'CONFIRMED' ? true : undefined,
    );
    const backoff = { baseMs: 500, maxMs: 4_000 };
    for (const { attempt, delayMs } of eventsOf(events, 'reconnect-scheduled')) {
      expect(delayMs).toBeLessThan(fullJitterDelayMs(attempt, backoff, () => 1) + 1);
    }
    // Until the saga confirms orders, the newest status comes from the push (v2 > refetched v1).
    expect(client.statusOf(order.orderId)).toMatchObject({ status: 'CONFIRMED', statusVersion: 2 });
  }, 90_000);

  it('given the gateway process paused with SIGSTOP, then the client notices the silence within the heartbeat window and reconnects once it resumes', async () => {
    const order = await newOrder();
    const { client, events } = stack.follow({ token: order.token, orderIds: [order.orderId] });
    await waitFor('subscribed', async () =>
      eventsOf(events, 'subscribed').length ? true : undefined,
    );
    const pid = stack.gateway.pid ?? -1;

    const pausedAt = Date.now();
    process.kill(pid, 'SIGSTOP'); // the TCP connection stays open; nothing passes
    const missed = await waitFor(
      'the heartbeat to be missed',
      async () => eventsOf(events, 'heartbeat-missed')[0],
      { timeoutMs: 20_000, intervalMs: 50 },
    );
    process.kill(pid, 'SIGCONT');

    // The last heartbeat came at most one interval before the pause.
    expect(missed.at - pausedAt).toBeLessThanOrEqual(CLIENT_HEARTBEAT_TIMEOUT_MS + 500);
    await waitFor('the client to resubscribe', async () =>
      eventsOf(events, 'subscribed').length === 2 ? true : undefined,
    );
    await stack.publishStatus(order, 'OrderConfirmed', 2);
    await waitFor('CONFIRMED after the resume', async () =>
      client.statusOf(order.orderId)?.status === 'CONFIRMED' ? true : undefined,
    );
    const metrics = await (await fetch(`${stack.gatewayUrl}/metrics`)).text();
    expect(metrics).toMatch(/realtime_heartbeat_failures_total\{detected_by="client"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/realtime_reconnects_total\{[^}]*\} [1-9]/);
  }, 60_000);

  it('given many clients cut off at once, when they reconnect, then their attempts spread over the backoff window (jitter)', async () => {
    const order = await newOrder();
    const baseMs = 2_000;
    const followers = Array.from({ length: 20 }, () =>
      stack.follow({
        token: order.token,
        orderIds: [order.orderId],
        backoff: { baseMs, maxMs: baseMs },
      }),
    );
    await waitFor('every client subscribed', async () =>
      followers.every(({ events }) => eventsOf(events, 'subscribed').length > 0) ? true : undefined,
    );

    await stack.killGateway();
    // The first reconnection attempt of each client after the cut (the gateway is still down).
    const firstAttemptAfterCut = ({ events }: (typeof followers)[number]) => {
      const cut = eventsOf(events, 'disconnected')[0];
      return cut && eventsOf(events, 'connecting').find((event) => event.at >= cut.at);
    };
    const firstAttempts = await waitFor(
      'every client to try once',
      async () => {
        const attempts = followers.map(firstAttemptAfterCut);
        return attempts.every(Boolean) ? attempts.map((attempt) => attempt?.at ?? 0) : undefined;
      },
      { timeoutMs: baseMs * 3 },
    );
    await stack.restartGateway();

    const cutAt = Math.min(
      ...followers.map(({ events }) => eventsOf(events, 'disconnected')[0]?.at ?? Infinity),
    );
    const offsets = firstAttempts.map((at) => at - cutAt).sort((a, b) => a - b);
    const spread = (offsets.at(-1) ?? 0) - (offsets[0] ?? 0);
    const busiest200ms = Math.max(
      ...offsets.map((start) => offsets.filter((o) => o >= start && o < start + 200).length),
    );
    // Uniform over [0, 2 s): 20 clients span well over 1 s, and no 200 ms holds a crowd.
    expect(spread).toBeGreaterThan(baseMs / 2);
    expect(busiest200ms).toBeLessThanOrEqual(8);
    await waitFor(
      'every client back',
      async () =>
        followers.every(({ events }) => eventsOf(events, 'subscribed').length > 1)
          ? true
          : undefined,
      { timeoutMs: 30_000 },
    );
  }, 90_000);
});
