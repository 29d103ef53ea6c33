import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signAccessToken } from '@pattern-shop/access-tokens';
import {
  LOCAL_INFRA,
  type OtlpReceiver,
  startOtlpReceiver,
  stateDir,
  waitFor,
} from '@pattern-shop/testing';
import { customerToken, newCustomerId } from '../support/order-api.js';
import { eventsOf, type RealtimeStack, startRealtimeStack } from '../support/realtime-stack.js';
import { readEvents, type SseEvent, sseTicket } from '../support/sse-events.js';

const statuses = (events: SseEvent[] | undefined) =>
  events
    ?.filter((e) => e.event === 'order.status')
    .map((e) => [e.id, JSON.parse(e.data ?? '{}').status]);

/**
 * Pattern 6 on real servers: order facts from shop.events pushed to the clients allowed to see
 * them, over socket.io and SSE. The gateway exports its spans to a receiver in this process, so
 * the SSE tests can read what a trace backend would get.
 */
describe('pattern 6, real-time edge: order status pushed over socket.io and SSE', () => {
  let stack: RealtimeStack;
  let receiver: OtlpReceiver;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    stack = await startRealtimeStack({
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.endpoint,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await receiver?.close();
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

  /**
   * A browser's EventSource cannot send headers, so it trades its token for a single-use ticket
   * (POST /sse-tickets) and opens the stream with that; a token in the URL is refused; the stream
   * ends when the token does; neither the token nor the ticket reaches a span or a log line.
   */
  describe('SSE, opened with single-use tickets, never a token in the URL', () => {
    const eventsUrl = (orderId: string, query = '') =>
      `${stack.gatewayUrl}/orders/${orderId}/events${query}`;

    it('given a ticket, when the order is confirmed, then the stream carries it with id = statusVersion, and Last-Event-ID resumes on a new ticket', async () => {
      const order = await newOrder();
      const { body } = await sseTicket(stack.gatewayUrl, order.token, order.orderId);
      const seen: SseEvent[] = [];
      const streaming = readEvents(
        eventsUrl(order.orderId, `?ticket=${body.ticket}`),
        {},
        (events) => events.some((event) => event.id === '2'),
        seen,
      );
      // The stream opens with the current status read from order-service; a push sent before that
      // read would make the PENDING it then reads older than what the stream already sent.
      await waitFor('the current status on the stream', async () =>
        seen.some((event) => event.id === '1') ? true : undefined,
      );
      await stack.publishStatus(order, 'OrderConfirmed', 2);

      expect(statuses((await streaming).events)).toEqual([
        ['1', 'PENDING'],
        ['2', 'CONFIRMED'],
      ]);
      // Resuming after version 0 sends the current status (order-service still says PENDING v1).
      const again = await sseTicket(stack.gatewayUrl, order.token, order.orderId);
      const resumed = await readEvents(
        eventsUrl(order.orderId, `?ticket=${again.body.ticket}`),
        { 'last-event-id': '0' },
        (events) => events.length > 0,
      );
      expect(statuses(resumed.events)).toEqual([['1', 'PENDING']]);
    }, 60_000);

    it('given a token in the URL, then 400 telling the client to get a ticket, and no stream', async () => {
      const order = await newOrder();

      for (const parameter of ['access_token', 'token']) {
        const answer = await readEvents(
          eventsUrl(order.orderId, `?${parameter}=${order.token}`),
          {},
          () => true,
        );
        expect(answer.status).toBe(400);
        expect(answer.problem?.detail).toMatch(
          /token in the URL is refused.*POST \/sse-tickets.*\?ticket=/,
        );
      }
    }, 30_000);

    it('given a ticket, when it opens a stream, then a second use of it is refused', async () => {
      const order = await newOrder();
      const { status, body } = await sseTicket(stack.gatewayUrl, order.token, order.orderId);
      expect(status).toBe(201);
      const url = eventsUrl(order.orderId, `?ticket=${body.ticket}`);

      const first = await readEvents(url, {}, (events) => events.length > 0);
      const second = await readEvents(url, {}, () => true);

      expect(statuses(first.events)).toEqual([['1', 'PENDING']]);
      expect(second.status).toBe(401);
      expect(second.problem?.detail).toMatch(/already used/);
    }, 30_000);

    it("given a ticket for one's own order, when it opens another customer's order, then 403; and no ticket for that order either", async () => {
      const mine = await newOrder();
      const theirs = await newOrder();
      const myToken = customerToken(mine.customerId);
      const { body } = await sseTicket(stack.gatewayUrl, myToken, mine.orderId);

      const opened = await readEvents(
        eventsUrl(theirs.orderId, `?ticket=${body.ticket}`),
        {},
        () => true,
      );
      const ticketForTheirs = await sseTicket(stack.gatewayUrl, myToken, theirs.orderId);

      expect(opened.status).toBe(403);
      expect(opened.problem?.detail).toMatch(/another order/);
      expect(ticketForTheirs.status).toBe(404);
    }, 30_000);

    it("given no token, a forged one, no order id, or another customer's token, then ticket and stream are refused as problem details", async () => {
      const order = await newOrder();
      const stranger = { authorization: `Bearer ${customerToken(newCustomerId())}` };

      const anonymous = await fetch(`${stack.gatewayUrl}/sse-tickets`, { method: 'POST' });
      const forged = await sseTicket(stack.gatewayUrl, `${order.token}x`, order.orderId);
      const noOrder = await sseTicket(stack.gatewayUrl, order.token, 'not-an-order-id');
      const bare = await fetch(eventsUrl(order.orderId));
      const strangerStream = await fetch(eventsUrl(order.orderId), { headers: stranger });

      expect([anonymous, forged, noOrder, bare, strangerStream].map((a) => a.status)).toEqual([
        401, 401, 400, 401, 404,
      ]);
      expect(bare.headers.get('content-type')).toContain('application/problem+json');
    }, 30_000);

    it('given a token that expires in seconds, then its streams (by ticket and by header) end with an `expired` event, and its unused ticket is refused as expired', async () => {
      const order = await newOrder();
      const shortLived = signAccessToken(
        { scope: 'order', customerId: order.customerId, orderId: order.orderId },
        { secret: LOCAL_INFRA.accessTokenSecret, now: new Date(), ttlSeconds: 3 },
      );
      const [forStream, forLater] = await Promise.all(
        [1, 2].map(() => sseTicket(stack.gatewayUrl, shortLived, order.orderId)),
      );
      const expiresAt = Date.parse(forLater?.body.expiresAt ?? '');
      expect(expiresAt).toBeLessThanOrEqual(Date.now() + 3_000);

      const untilTheGatewayEnds = () => false;
      const [stream, byHeader] = await Promise.all([
        readEvents(
          eventsUrl(order.orderId, `?ticket=${forStream?.body.ticket}`),
          {},
          untilTheGatewayEnds,
        ),
        readEvents(
          eventsUrl(order.orderId),
          { authorization: `Bearer ${shortLived}` },
          untilTheGatewayEnds,
        ),
      ]);
      await waitFor('the ticket to pass its expiry', async () =>
        Date.now() > expiresAt ? true : undefined,
      );
      const late = await readEvents(
        eventsUrl(order.orderId, `?ticket=${forLater?.body.ticket}`),
        {},
        () => true,
      );

      for (const ended of [stream, byHeader]) {
        expect(ended.events?.map((event) => event.event)).toEqual(['order.status', 'expired']);
        expect(ended.ended).toBe(true);
      }
      expect(JSON.parse(stream.events?.[1]?.data ?? '{}').reason).toMatch(/token .* expired/);
      expect(late.status).toBe(401);
      expect(late.problem?.detail).toMatch(/ticket expired/);
    }, 30_000);

    it('given requests carrying a token or a ticket, then no exported span attribute and no log line holds either', async () => {
      const order = await newOrder();
      const correlationId = `sse-redaction-${order.orderId}`;
      const headers = { 'x-correlation-id': correlationId };
      await readEvents(
        eventsUrl(order.orderId, `?access_token=${order.token}`),
        headers,
        () => true,
      );
      const { body } = await sseTicket(stack.gatewayUrl, order.token, order.orderId, headers);
      const ticket = body.ticket ?? 'missing';
      await readEvents(
        eventsUrl(order.orderId, `?ticket=${ticket}&x=1`),
        headers,
        (e) => e.length > 0,
      );

      const spans = await waitFor('the server spans of both stream requests', async () => {
        const streams = receiver.spans.filter(
          (span) =>
            span.kind === 2 && span.attributes['url.path'] === `/orders/${order.orderId}/events`,
        );
        return streams.length === 2 ? streams : undefined;
      });
      const logLines = () =>
        readFileSync(join(stateDir(), 'logs', 'apps', 'realtime-gateway.log'), 'utf8').split('\n');
      await waitFor('the request log lines', async () =>
        // A refused stream and the ticket log when answered; a stream the client closes, never.
        logLines().filter((line) => line.includes(correlationId)).length >= 2 ? true : undefined,
      );

      expect(spans.map((span) => span.attributes['url.query']).sort()).toEqual([
        'access_token=[REDACTED]',
        'ticket=[REDACTED]&x=1',
      ]);
      const exported = JSON.stringify(receiver.spans);
      expect(exported).not.toContain(order.token);
      expect(exported).not.toContain(ticket);
      const leaking = logLines().filter(
        (line) => line.includes(order.token) || line.includes(ticket),
      );
      expect(leaking).toEqual([]);
    }, 30_000);
  });
});
