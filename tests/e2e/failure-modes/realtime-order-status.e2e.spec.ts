import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@pattern-shop/testing';
import { customerToken, newCustomerId } from '../support/order-api.js';
import { eventsOf, type RealtimeStack, startRealtimeStack } from '../support/realtime-stack.js';

/** Reads a text/event-stream until `enough` says the status events seen so far suffice. */
const readEvents = async (
  url: string,
  headers: Record<string, string>,
  enough: (events: Array<{ id?: string; event?: string; data?: string }>) => boolean,
  // Filled as the events arrive, so a test can wait for one before it acts.
  events: Array<{ id?: string; event?: string; data?: string }> = [],
) => {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(20_000) });
  if (response.status !== 200 || response.body === null) return { status: response.status };
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  while (!enough(events)) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += value;
    const blocks = buffered.split('\n\n');
    buffered = blocks.pop() ?? '';
    for (const block of blocks) {
      const fields = Object.fromEntries(
        block
          .split('\n')
          .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
      );
      // Heartbeats come at their own interval, before or between statuses: `enough` never sees them.
      if (fields['event'] === 'order.status') events.push(fields);
    }
  }
  await reader.cancel();
  return { status: 200, events };
};

/** Pattern 6 on real servers: order facts from shop.events pushed to the clients allowed to see them. */
describe('pattern 6, real-time edge: order status pushed over socket.io and SSE', () => {
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

  it('given an SSE client, when the order is confirmed, then the event stream carries it with id = statusVersion, and Last-Event-ID resumes', async () => {
    const order = await newOrder();
    const url = `${stack.gatewayUrl}/orders/${order.orderId}/events`;
    const seen: Array<{ id?: string }> = [];
    const streaming = readEvents(
      url,
      { authorization: `Bearer ${order.token}` },
      (events) => events.some((event) => event.id === '2'),
      seen,
    );
    // The stream opens with the current status read from order-service; a push sent before that
    // read would make the PENDING it then reads older than what the stream already sent.
    await waitFor('the current status on the stream', async () =>
      seen.some((event) => event.id === '1') ? true : undefined,
    );
    await stack.publishStatus(order, 'OrderConfirmed', 2);

    const first = await streaming;
    expect(first.events?.map((event) => [event.id, JSON.parse(event.data ?? '{}').status])).toEqual(
      [
        ['1', 'PENDING'],
        ['2', 'CONFIRMED'],
      ],
    );
    // Resuming after version 0 sends the current status (order-service still says PENDING v1).
    const resumed = await readEvents(
      `${url}?access_token=${order.token}`,
      { 'last-event-id': '0' },
      (events) => events.length > 0,
    );
    expect(resumed.events?.map((event) => event.id)).toEqual(['1']);
  }, 60_000);

  it("given SSE without a token or with another customer's, then 401 and 404 as problem details", async () => {
    const order = await newOrder();
    const url = `${stack.gatewayUrl}/orders/${order.orderId}/events`;

    const anonymous = await fetch(url);
    const stranger = await fetch(url, {
      headers: { authorization: `Bearer ${customerToken(newCustomerId())}` },
    });

    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    expect(stranger.status).toBe(404);
  }, 30_000);
});
