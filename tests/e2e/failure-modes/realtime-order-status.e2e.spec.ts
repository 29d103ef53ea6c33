import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@pattern-shop/testing';
import { customerToken, newCustomerId } from '../support/order-api.js';
import { eventsOf, type RealtimeStack, startRealtimeStack } from '../support/realtime-stack.js';

/** Pattern 6 on real servers: order facts from shop.events pushed to the clients allowed to see them. */
describe('pattern 6, real-time edge: order status pushed over socket.io', () => {
  let stack: RealtimeStack;

  beforeAll(async () => {
    stack = await startRealtimeStack();
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  const newOrder = async () => {
    const customerId = newCustomerId();
    const placed = await stack.placeOrder(customerId);
    const order = { orderId: placed.orderId, customerId, totalCents: placed.total.amountCents };
    return { ...order, token: placed.accessToken };
  };

  it('given a client subscribed to its order, when the order is confirmed, then it sees PENDING then CONFIRMED pushed', async () => {
    const order = await newOrder();
    const { client, shown } = stack.follow({ token: order.token, orderIds: [order.orderId] });
    await waitFor('PENDING from the refetch', async () =>
      client.statusOf(order.orderId)?.status === 'PENDING' ? true : undefined,
    );

    await stack.publishStatus(order, 'OrderConfirmed', 2);

    await waitFor('CONFIRMED pushed', async () =>
      client.statusOf(order.orderId)?.status === 'CONFIRMED' ? true : undefined,
    );
    expect(shown.map(({ status, statusVersion }) => [status, statusVersion])).toEqual([
      ['PENDING', 1],
      ['CONFIRMED', 2],
    ]);
  }, 60_000);

  it('given no token, when a client connects, then the handshake is refused as unauthorized and it does not retry', async () => {
    const { events } = stack.follow({ token: '', orderIds: [] });

    const [refused] = await waitFor('the refusal', async () => {
      const found = eventsOf(events, 'refused');
      return found.length > 0 ? found : undefined;
    });
    expect(refused?.error.code).toBe('unauthorized');
    expect(eventsOf(events, 'connected')).toEqual([]);
    expect(eventsOf(events, 'reconnect-scheduled')).toEqual([]);
  }, 30_000);

  it("given another customer's token, when it subscribes to the order, then it is refused and receives none of its pushes", async () => {
    const order = await newOrder();
    const owner = stack.follow({ token: order.token, orderIds: [order.orderId] });
    const stranger = stack.follow({ token: customerToken(newCustomerId()) });
    const otherOrder = await newOrder();
    const wrongOrderToken = stack.follow({ token: otherOrder.token });

    expect(await stranger.client.follow(order.orderId)).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    expect(await wrongOrderToken.client.follow(order.orderId)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    await stack.publishStatus(order, 'OrderConfirmed', 2);
    await waitFor('the owner to see CONFIRMED', async () =>
      owner.client.statusOf(order.orderId)?.status === 'CONFIRMED' ? true : undefined,
    );
    expect(stranger.shown).toEqual([]);
    expect(wrongOrderToken.shown).toEqual([]);
  }, 60_000);

  it('given pushes out of order, when CANCELLED v3 arrives before CONFIRMED v2, then the shown status never moves back', async () => {
    const order = await newOrder();
    const { client, shown, events } = stack.follow({
      token: order.token,
      orderIds: [order.orderId],
    });
    await waitFor('PENDING', async () => (client.statusOf(order.orderId) ? true : undefined));

    await stack.publishStatus(order, 'OrderCancelled', 3);
    await stack.publishStatus(order, 'OrderConfirmed', 2);

    await waitFor('the late CONFIRMED v2 to arrive and be ignored', async () =>
      eventsOf(events, 'stale-push-ignored').find(
        (event) => event.orderId === order.orderId && event.statusVersion === 2,
      ),
    );
    expect(client.statusOf(order.orderId)).toMatchObject({ status: 'CANCELLED', statusVersion: 3 });
    expect(shown.map(({ status, statusVersion }) => [status, statusVersion])).toEqual([
      ['PENDING', 1],
      ['CANCELLED', 3],
    ]);
  }, 60_000);
});
