import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { signAccessToken } from '@pattern-shop/access-tokens';
import {
  type OrderStatusPush,
  REALTIME_EVENTS,
  type SubscribeAck,
} from '@pattern-shop/realtime-client';
import { LOCAL_INFRA } from '@pattern-shop/testing';

/** One bench client: a raw socket.io connection following one order with that order's token. */
export type BenchClient = Readonly<{ orderId: string; customerId: string; socket: Socket }>;

/**
 * Opens `count` connections to the gateway, `batch` handshakes at a time, each subscribed to its
 * own order. Raw socket.io-client rather than the client library: the bench measures the gateway,
 * and 10,000 library clients would each refetch from order-service on connect.
 */
export const openClients = async (
  url: string,
  {
    count,
    batch,
    onPush,
  }: { count: number; batch: number; onPush: (push: OrderStatusPush) => void },
): Promise<BenchClient[]> => {
  const clients: BenchClient[] = [];
  const openOne = async (): Promise<BenchClient> => {
    const orderId = randomUUID();
    const customerId = `bench-${orderId.slice(0, 8)}`;
    const token = signAccessToken(
      { scope: 'order', customerId, orderId },
      { secret: LOCAL_INFRA.accessTokenSecret, now: new Date(), ttlSeconds: 3_600 },
    );
    const socket = io(url, {
      auth: { token, reconnects: 0 },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: 30_000,
    });
    socket.on(REALTIME_EVENTS.orderStatus, onPush);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const ack = (await socket
      .timeout(30_000)
      .emitWithAck(REALTIME_EVENTS.subscribe, { orderId })) as SubscribeAck;
    if (!ack.ok) throw new Error(`subscribe refused: ${ack.error.message}`);
    return { orderId, customerId, socket };
  };
  for (let opened = 0; opened < count; opened += batch) {
    const size = Math.min(batch, count - opened);
    clients.push(...(await Promise.all(Array.from({ length: size }, openOne))));
  }
  return clients;
};

/** The p-th percentile (0-100) of `values`, nearest rank. */
export const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ??
    NaN
  );
};
