import { describe, expect, it } from '@jest/globals';
import type { Clock } from './clock.js';
import { connectOrderStatus } from './connect-order-status.js';
import type { ConnectionEvent } from './connection-events.js';
import type { FetchOrderStatus } from './fetch-order-status.js';
import type { OrderStatusPush, SubscribeAck } from './protocol.js';
import type { StatusSocket } from './status-socket.js';

/** Timers that run only when the test moves time on. */
const fakeClock = () => {
  let now = 0;
  let timers: Array<{ due: number; run: () => void; id: number }> = [];
  let nextId = 0;
  const clock: Clock = {
    now: () => now,
    setTimeout: (run, ms) => (timers.push({ due: now + ms, run, id: ++nextId }), nextId),
    clearTimeout: (id) => (timers = timers.filter((timer) => timer.id !== id)),
  };
  const advance = async (ms: number) => {
    const until = now + ms;
    for (;;) {
      const next = timers.filter((t) => t.due <= until).sort((a, b) => a.due - b.due)[0];
      if (next === undefined) break;
      timers = timers.filter((timer) => timer !== next);
      now = next.due;
      next.run();
      await flush();
    }
    now = until;
  };
  return { clock, advance };
};

const flush = () => new Promise((resolve) => setImmediate(resolve));

type FakeSocket = StatusSocket & {
  auth: { reconnects: number; lastDisconnect?: string };
  fire: (event: string, ...args: unknown[]) => void;
  requests: Array<[string, unknown]>;
  closed: boolean;
};

const fakeSockets = (answer: (event: string) => SubscribeAck = () => ({ ok: true })) => {
  const sockets: FakeSocket[] = [];
  const createSocket = (_url: string, auth: FakeSocket['auth']) => {
    const listeners = new Map<string, Array<(...args: unknown[]) => void>>();
    const socket: FakeSocket = {
      auth,
      requests: [],
      closed: false,
      on: (event, listener) => listeners.set(event, [...(listeners.get(event) ?? []), listener]),
      request: async (event, payload) => (socket.requests.push([event, payload]), answer(event)),
      close: () => void (socket.closed = true),
      fire: (event, ...args) => listeners.get(event)?.forEach((listener) => listener(...args)),
    };
    sockets.push(socket);
    return socket;
  };
  return { sockets, createSocket };
};

const status = (statusVersion: number, value: OrderStatusPush['status']): OrderStatusPush => ({
  orderId: 'o-1',
  status: value,
  statusVersion,
  at: '2026-11-23T10:00:00Z',
});

const setup = (
  overrides: {
    answer?: (event: string) => SubscribeAck;
    random?: number;
    fetchStatus?: FetchOrderStatus;
  } = {},
) => {
  const { clock, advance } = fakeClock();
  const { sockets, createSocket } = fakeSockets(overrides.answer);
  const shown: OrderStatusPush[] = [];
  const events: ConnectionEvent[] = [];
  const fetchStatus: FetchOrderStatus =
    overrides.fetchStatus ?? (async () => ({ kind: 'found', status: status(1, 'PENDING') }));
  const client = connectOrderStatus({
    url: 'http://gateway',
    token: 't',
    orderServiceUrl: 'http://orders',
    orderIds: ['o-1'],
    onStatus: (s) => shown.push(s),
    onEvent: (e) => events.push(e),
    backoff: { baseMs: 1_000, maxMs: 8_000 },
    heartbeatTimeoutMs: 5_000,
    clock,
    random: () => overrides.random ?? 0.5,
    createSocket,
    fetchStatus,
  });
  const types = () => events.map((event) => event.type);
  return { client, sockets, shown, events, types, advance };
};

describe('connectOrderStatus', () => {
  it('given order-service failing the refetch twice, then it is tried again after a backoff until the page shows the status', async () => {
    let calls = 0;
    const { sockets, shown, types, advance } = setup({
      fetchStatus: async () => {
        calls += 1;
        if (calls <= 2) throw new Error('GET /orders/o-1 answered 503');
        return { kind: 'found', status: status(3, 'CONFIRMED') };
      },
    });
    sockets[0]?.fire('connect');
    await flush();
    expect(shown).toEqual([]);

    await advance(10_000);

    expect(calls).toBe(3);
    expect(types().filter((type) => type === 'refetch-failed')).toHaveLength(2);
    expect(shown).toEqual([status(3, 'CONFIRMED')]);
  });

  it('given a refetch that keeps failing, then it gives up after six attempts', async () => {
    let calls = 0;
    const { sockets, advance } = setup({
      fetchStatus: async () => {
        calls += 1;
        throw new Error('no answer');
      },
    });
    sockets[0]?.fire('connect');
    await flush();

    await advance(120_000);

    expect(calls).toBe(6);
  });

  it('given a connection, when it opens, then it subscribes to each order first and then shows the refetched status', async () => {
    const { sockets, shown } = setup();
    sockets[0]?.fire('connect');
    await flush();
    expect(sockets[0]?.requests).toEqual([['subscribe', { orderId: 'o-1' }]]);
    expect(shown).toEqual([status(1, 'PENDING')]);
  });

  it('given heartbeats every 3 s, when 20 s pass, then the connection is kept', async () => {
    const { sockets, advance, types } = setup();
    sockets[0]?.fire('connect');
    for (let i = 0; i < 7; i++) {
      await advance(3_000);
      sockets[0]?.fire('heartbeat', { at: '', seq: i });
    }
    expect(types()).not.toContain('heartbeat-missed');
    expect(sockets).toHaveLength(1);
  });

  it('given a missed heartbeat and then an attempt that times out, when it reconnects, then it still reports the missed heartbeat', async () => {
    const { sockets, advance } = setup({ random: 0.5 });
    sockets[0]?.fire('connect');
    await advance(5_000);
    await advance(500);
    sockets[1]?.fire('connect_error', new Error('timeout'));
    await advance(1_000);
    expect(sockets[2]?.auth).toMatchObject({ reconnects: 1, lastDisconnect: 'heartbeat missed' });
  });

  it('given silence longer than the window, then the socket is dropped and a new one opened after a jittered backoff, with a refetch', async () => {
    const { sockets, advance, events, shown } = setup({ random: 0.5 });
    sockets[0]?.fire('connect');
    await advance(5_000);
    expect(sockets[0]?.closed).toBe(true);
    expect(events.filter((e) => e.type !== 'subscribed').slice(-3)).toMatchObject([
      { type: 'heartbeat-missed', at: 5_000 },
      { type: 'disconnected', reason: 'heartbeat missed' },
      { type: 'reconnect-scheduled', attempt: 1, delayMs: 500 },
    ]);
    await advance(500);
    expect(sockets[1]?.auth).toMatchObject({ reconnects: 1, lastDisconnect: 'heartbeat missed' });
    sockets[1]?.fire(
      'order.status',
      status(2, 'CONFIRMED'), // a push on the new connection, before the refetch answers
    );
    sockets[1]?.fire('connect');
    await flush();
    expect(shown.map((s) => s.statusVersion)).toEqual([1, 2]);
  });

  it('given connections that keep failing, then the ceilings double up to the cap, and a success resets them', async () => {
    const { sockets, advance, events } = setup({ random: 0.999 });
    for (let i = 0; i < 5; i++) {
      sockets.at(-1)?.fire('connect_error', new Error('ECONNREFUSED'));
      await advance(10_000);
    }
    const delays = events.flatMap((e) => (e.type === 'reconnect-scheduled' ? [e.delayMs] : []));
    expect(delays).toEqual([999, 1_998, 3_996, 7_992, 7_992]);
    sockets.at(-1)?.fire('connect');
    await flush();
    sockets.at(-1)?.fire('disconnect', 'transport close');
    expect(events.at(-1)).toMatchObject({ type: 'reconnect-scheduled', attempt: 1 });
  });

  it('given the gateway refuses the token at the handshake, then the client stops instead of retrying', async () => {
    const { sockets, advance, types } = setup();
    const refusal = Object.assign(new Error('access token expired'), {
      data: { code: 'unauthorized', message: 'access token expired' },
    });
    sockets[0]?.fire('connect_error', refusal);
    await advance(60_000);
    expect(types()).toEqual(['connecting', 'refused']);
    expect(sockets).toHaveLength(1);
  });

  it('given a push older than the shown status, then it is ignored and reported', async () => {
    const { sockets, shown, events } = setup();
    sockets[0]?.fire('connect');
    await flush();
    sockets[0]?.fire('order.status', status(3, 'CANCELLED'));
    sockets[0]?.fire('order.status', status(2, 'CONFIRMED'));
    expect(shown.map((s) => s.status)).toEqual(['PENDING', 'CANCELLED']);
    expect(events.at(-1)).toMatchObject({ type: 'stale-push-ignored', statusVersion: 2 });
  });

  it('given a subscription refused by the gateway, then follow resolves with the refusal', async () => {
    const { client, sockets } = setup({
      answer: () => ({ ok: false, error: { code: 'not-found', message: 'no order o-2' } }),
    });
    sockets[0]?.fire('connect');
    await flush();
    await expect(client.follow('o-2')).resolves.toEqual({
      ok: false,
      error: { code: 'not-found', message: 'no order o-2' },
    });
  });

  it('given follow called while the first subscriptions are still in flight, then it is subscribed on this connection, not the next', async () => {
    const { client, sockets } = setup();
    const first = client.follow('o-2'); // before the connection opens: waits for it

    sockets[0]?.fire('connect');
    await first;
    const second = await client.follow('o-3'); // right after, before the resubscription finished

    expect(second).toEqual({ ok: true });
    expect(sockets).toHaveLength(1);
    expect(sockets[0]?.requests.map(([, payload]) => payload)).toEqual([
      { orderId: 'o-1' },
      { orderId: 'o-2' },
      { orderId: 'o-3' },
    ]);
  });
});
