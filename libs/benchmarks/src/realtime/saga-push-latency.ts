import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import {
  type OrderStatusPush,
  REALTIME_EVENTS,
  type SubscribeAck,
} from '@pattern-shop/realtime-client';
import { bearer, type CustomerSession, guestSessionPool, LOCAL_INFRA } from '@pattern-shop/testing';

/** Catalogue SKUs of the seed, one unit each: spread so no single product sells out at once. */
const SKUS = ['MUG-001', 'TEE-002', 'CAP-004', 'STICK-006', 'PEN-008', 'BAG-009'];

/** The customers the orders are spread over; each has one socket, as one open page. */
const CUSTOMERS = 50;

const customerSocket = async (
  gatewayUrl: string,
  { token }: CustomerSession,
  onPush: (push: OrderStatusPush) => void,
) => {
  const socket: Socket = io(gatewayUrl, {
    auth: { token, reconnects: 0 },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  socket.on(REALTIME_EVENTS.orderStatus, onPush);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const ack = (await socket
    .timeout(10_000)
    .emitWithAck(REALTIME_EVENTS.subscribeCustomer, {})) as SubscribeAck;
  if (!ack.ok) throw new Error(`subscribe-customer refused: ${ack.error.message}`);
  return socket;
};

/**
 * Enough stock for this run on each SKU it orders (the staff API, as an operator restocks), so
 * the bench can be repeated without selling the catalogue out: every order should confirm.
 */
const stockUp = async (inventoryUrl: string, orders: number): Promise<void> => {
  for (const sku of SKUS) {
    const response = await fetch(`${inventoryUrl}/products/${sku}/stock`, {
      method: 'PUT',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${LOCAL_INFRA.operatorToken}`,
      },
      body: JSON.stringify({ stock: orders + 1_000 }),
    });
    if (!response.ok)
      throw new Error(`restocking ${sku}: ${response.status} ${await response.text()}`);
  }
};

export type SagaPushFigures = Readonly<{ orders: number; received: number; latenciesMs: number[] }>;

/**
 * Push latency from the status commit to the client's receipt, on real orders through the real
 * saga: a pool of guest customers (POST /sessions/guest) each has a socket following its room,
 * then the orders are placed over REST, spread over them; when CONFIRMED or CANCELLED arrives, latency = receipt time minus the push's `at`, the
 * time order-service stamped on the status change in the transaction that committed it (taken
 * just before the commit, so the figure errs high, never low). One machine, one clock.
 */
export const measureSagaPushLatency = async (
  {
    gatewayUrl,
    orderServiceUrl,
    inventoryUrl,
  }: { gatewayUrl: string; orderServiceUrl: string; inventoryUrl: string },
  { orders, perSecond }: { orders: number; perSecond: number },
): Promise<SagaPushFigures> => {
  await stockUp(inventoryUrl, orders);
  const latenciesMs: number[] = [];
  const sockets: Socket[] = [];
  const final = new Set<string>();
  const onPush = (push: OrderStatusPush) => {
    if (push.status === 'PENDING' || final.has(push.orderId)) return;
    final.add(push.orderId);
    latenciesMs.push(Date.now() - Date.parse(push.at));
  };
  try {
    const customers = await guestSessionPool(orderServiceUrl, Math.min(orders, CUSTOMERS));
    for (const customer of customers)
      sockets.push(await customerSocket(gatewayUrl, customer, onPush));
    for (let i = 0; i < orders; i++) {
      const customer = customers[i % customers.length] as CustomerSession;
      const response = await fetch(`${orderServiceUrl}/orders`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': randomUUID(),
          ...bearer(customer),
        },
        body: JSON.stringify({ items: [{ sku: SKUS[i % SKUS.length], quantity: 1 }] }),
      });
      if (response.status !== 202)
        throw new Error(`POST /orders: ${response.status} ${await response.text()}`);
      await new Promise((resolve) => setTimeout(resolve, 1_000 / perSecond));
    }
    const waitUntil = Date.now() + 30_000;
    while (final.size < orders && Date.now() < waitUntil) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return { orders, received: final.size, latenciesMs };
  } finally {
    sockets.forEach((socket) => socket.disconnect());
  }
};
