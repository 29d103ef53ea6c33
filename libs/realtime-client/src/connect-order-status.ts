import { backoffDelayMs, DEFAULT_BACKOFF } from './backoff.js';
import {
  DEFAULT_HEARTBEAT_TIMEOUT_MS,
  type OrderStatusClient,
  type OrderStatusClientOptions,
} from './client-options.js';
import { systemClock } from './clock.js';
import { type ConnectionFact, messageOf, refusalOf } from './connection-events.js';
import { orderStatusFetcher } from './fetch-order-status.js';
import { applyOrderStatus, type OrderStatusView } from './order-status-view.js';
import { type OrderStatusPush, REALTIME_EVENTS, type SubscribeAck } from './protocol.js';
import { type StatusSocket, socketIoFactory } from './status-socket.js';

/** A failed refetch is tried this often in all, backing off as a reconnect does. */
const REFETCH_ATTEMPTS = 6;

/**
 * Follows order statuses over realtime-gateway and keeps them true: a connection that fails, or
 * goes silent for longer than the heartbeat window, is dropped and opened again after a backoff
 * with full jitter; each new connection resubscribes and then refetches every order from
 * order-service, and a push older than what is shown is ignored (docs/patterns/06-real-time.md).
 */
export const connectOrderStatus = (options: OrderStatusClientOptions): OrderStatusClient => {
  const { url, token, onStatus, clock = systemClock, random = Math.random } = options;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? DEFAULT_HEARTBEAT_TIMEOUT_MS;
  const createSocket = options.createSocket ?? socketIoFactory();
  const fetchStatus =
    options.fetchStatus ?? orderStatusFetcher({ orderServiceUrl: options.orderServiceUrl, token });
  const followed = new Set(options.orderIds ?? []);
  const waiting = new Map<string, Array<(ack: SubscribeAck) => void>>();
  let view: OrderStatusView = new Map();
  let socket: StatusSocket | undefined;
  let subscribed = false;
  let failedAttempts = 0;
  let connections = 0;
  let lastDisconnect: string | undefined;
  let closed = false;
  let reconnectTimer: unknown;
  let watchdog: unknown;

  const report = (fact: ConnectionFact) => options.onEvent?.({ ...fact, at: clock.now() });

  const show = (status: OrderStatusPush): boolean => {
    const next = applyOrderStatus(view, status);
    if (next === view) return false;
    view = next;
    onStatus(status);
    return true;
  };

  // A refetch is the page's only way to learn what it missed, so one that fails is tried again.
  const refetch = async (orderId: string, attempt = 1): Promise<void> => {
    try {
      const found = await fetchStatus(orderId);
      if (found.kind === 'found') show(found.status);
    } catch (error) {
      report({ type: 'refetch-failed', orderId, reason: messageOf(error) });
      if (closed || attempt >= REFETCH_ATTEMPTS) return;
      clock.setTimeout(
        () => void (closed || refetch(orderId, attempt + 1)),
        backoffDelayMs(attempt, backoff, random),
      );
    }
  };
  const refetchAll = () =>
    Promise.all([...new Set([...followed, ...view.keys()])].map((orderId) => refetch(orderId)));

  const subscribe = async (current: StatusSocket, orderId: string): Promise<SubscribeAck> => {
    const ack = await current.request(REALTIME_EVENTS.subscribe, { orderId });
    if (ack.ok && ack.status !== undefined) show(ack.status);
    if (!ack.ok) report({ type: 'refused', error: ack.error, orderId });
    waiting.get(orderId)?.forEach((resolve) => resolve(ack));
    waiting.delete(orderId);
    return ack;
  };

  // Subscribe first, then refetch: a change committed after the refetch read arrives as a push.
  const resubscribe = async (current: StatusSocket) => {
    if (options.customer === true) {
      const ack = await current.request(REALTIME_EVENTS.subscribeCustomer, {});
      if (!ack.ok) report({ type: 'refused', error: ack.error });
    }
    await Promise.all([...followed].map((orderId) => subscribe(current, orderId)));
    subscribed = true;
    // A follow() that came while those were in flight waits in `waiting`: subscribe it now, on
    // this connection, rather than leave it to the next reconnect (which may never come).
    await Promise.all([...waiting.keys()].map((orderId) => subscribe(current, orderId)));
    failedAttempts = 0; // only a connection that got this far counts as a success
    report({ type: 'subscribed' });
    await refetchAll();
  };

  const armWatchdog = (end: (reason: string) => void) => {
    clock.clearTimeout(watchdog);
    watchdog = clock.setTimeout(() => {
      report({ type: 'heartbeat-missed', silentMs: heartbeatTimeoutMs });
      end('heartbeat missed');
    }, heartbeatTimeoutMs);
  };

  const scheduleReconnect = () => {
    if (closed) return;
    failedAttempts += 1;
    const delayMs = backoffDelayMs(failedAttempts, backoff, random);
    report({ type: 'reconnect-scheduled', attempt: failedAttempts, delayMs });
    reconnectTimer = clock.setTimeout(open, delayMs);
  };

  function open(): void {
    if (closed) return;
    report({ type: 'connecting', attempt: failedAttempts + 1 });
    const auth = { token, reconnects: connections };
    const current = createSocket(url, lastDisconnect ? { ...auth, lastDisconnect } : auth);
    socket = current;
    subscribed = false;
    let ended = false;
    let connected = false;
    const end = (reason: string) => {
      if (ended) return;
      ended = true;
      clock.clearTimeout(watchdog);
      current.close();
      if (socket === current) socket = undefined;
      // How the last connection ended: a failed attempt after it is no connection of its own.
      if (connected) lastDisconnect = reason;
      report({ type: 'disconnected', reason });
      scheduleReconnect();
    };
    current.on('connect', () => {
      connected = true;
      connections += 1;
      report({ type: 'connected', attempt: failedAttempts + 1 });
      armWatchdog(end);
      resubscribe(current).catch((error: unknown) => end(`subscribe failed: ${messageOf(error)}`));
    });
    current.on('connect_error', (error: unknown) => {
      const refusal = refusalOf(error);
      if (refusal === undefined) return end(`connect failed: ${messageOf(error)}`);
      report({ type: 'refused', error: refusal }); // a new attempt would present the same token
      ended = true;
      closeClient();
    });
    current.on('disconnect', (reason: unknown) => end(String(reason)));
    current.on(REALTIME_EVENTS.heartbeat, () => armWatchdog(end));
    current.on(REALTIME_EVENTS.orderStatus, (push: unknown) => {
      armWatchdog(end);
      const { orderId, statusVersion } = push as OrderStatusPush;
      if (!show(push as OrderStatusPush)) {
        report({ type: 'stale-push-ignored', orderId, statusVersion });
      }
    });
    current.on(REALTIME_EVENTS.resync, () => void refetchAll());
  }

  function closeClient(): void {
    closed = true;
    clock.clearTimeout(reconnectTimer);
    clock.clearTimeout(watchdog);
    socket?.close();
    socket = undefined;
  }

  open();
  return {
    statusOf: (orderId) => view.get(orderId),
    follow: (orderId) => {
      followed.add(orderId);
      if (socket !== undefined && subscribed) {
        const current = socket;
        return subscribe(current, orderId).then(async (ack) => (await refetch(orderId), ack));
      }
      return new Promise((resolve) =>
        waiting.set(orderId, [...(waiting.get(orderId) ?? []), resolve]),
      );
    },
    close: closeClient,
  };
};
