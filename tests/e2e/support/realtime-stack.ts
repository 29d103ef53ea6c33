import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { connect, type ChannelModel, type ConfirmChannel } from 'amqplib';
import { createEnvelope, EXCHANGES, QUEUES, ROUTING_KEYS } from '@pattern-shop/contracts';
import {
  type ConnectionEvent,
  connectOrderStatus,
  type OrderStatusClient,
  type OrderStatusClientOptions,
  type OrderStatusPush,
} from '@pattern-shop/realtime-client';
import { LOCAL_INFRA, ServiceProcess, takeQueuedMessages } from '@pattern-shop/testing';
import { placeOrder, sampleOrder } from './order-api.js';

/** Settings that make heartbeats and backoff fast enough to watch in a test. */
export const FAST_HEARTBEATS = {
  SOCKET_PING_INTERVAL_MS: '2000',
  SOCKET_PING_TIMEOUT_MS: '2000',
  HEARTBEAT_INTERVAL_MS: '1000',
};
export const CLIENT_HEARTBEAT_TIMEOUT_MS = 3_000;

export const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/**
 * inventory-service (on 3102, the port set aside for this suite), order-service and
 * realtime-gateway (with `gatewayEnv` on top of its settings) as real processes, and a confirm
 * channel to publish order facts with.
 */
export const startRealtimeStack = async (gatewayEnv: Record<string, string> = {}) => {
  const orderPort = await freePort();
  const gatewayPort = await freePort();
  const orderServiceUrl = `http://127.0.0.1:${orderPort}`;
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  const inventory = ServiceProcess.start('inventory-service', { PORT: '3102' });
  const orders = ServiceProcess.start('order-service', {
    PORT: String(orderPort),
    INVENTORY_URL: 'http://127.0.0.1:3102',
  });
  const startGateway = () =>
    ServiceProcess.start('realtime-gateway', {
      PORT: String(gatewayPort),
      ORDER_SERVICE_URL: orderServiceUrl,
      ...FAST_HEARTBEATS,
      ...gatewayEnv,
    });
  let gateway = startGateway();
  const rabbit: ChannelModel = await connect(LOCAL_INFRA.rabbitmqUrl);
  const channel: ConfirmChannel = await rabbit.createConfirmChannel();
  await Promise.all([inventory, orders, gateway].map((app) => app.waitUntilReady()));
  const clients: OrderStatusClient[] = [];
  // The orders this stack placed: their facts (the ones published here, and any the saga
  // published) also reach email-service's queue, which no app of this stack reads.
  const placedOrderIds = new Set<string>();
  return {
    orderServiceUrl,
    gatewayUrl,
    get gateway() {
      return gateway;
    },
    /** A crash (SIGKILL) and, when asked, a new process on the same port. */
    killGateway: () => gateway.kill(),
    restartGateway: async () => {
      gateway = startGateway();
      await gateway.waitUntilReady();
    },
    placeOrder: async (customerId: string) => {
      const answer = await placeOrder(sampleOrder(customerId), { baseUrl: orderServiceUrl });
      if (answer.status !== 202) throw new Error(`POST /orders: ${JSON.stringify(answer.body)}`);
      const placed = answer.body as {
        orderId: string;
        accessToken: string;
        total: { amountCents: number };
      };
      placedOrderIds.add(placed.orderId);
      return placed;
    },
    /** Publishes a fact to shop.events as the saga will; resolves once RabbitMQ confirmed it. */
    publishStatus: async (
      order: { orderId: string; customerId: string; totalCents: number },
      fact: 'OrderConfirmed' | 'OrderCancelled',
      statusVersion: number,
    ) => {
      const { orderId, customerId, totalCents } = order;
      const envelope = createEnvelope({
        messageId: randomUUID(),
        type: fact,
        version: 1,
        occurredAt: new Date(),
        correlationId: `realtime-e2e-${randomUUID()}`,
        causationId: randomUUID(),
        aggregateId: orderId,
        data:
          fact === 'OrderConfirmed'
            ? { orderId, customerId, statusVersion, totalCents, currency: 'EUR' }
            : { orderId, customerId, statusVersion, reason: 'payment declined (e2e)' },
      });
      const routingKey =
        fact === 'OrderConfirmed' ? ROUTING_KEYS.orderConfirmed : ROUTING_KEYS.orderCancelled;
      channel.publish(EXCHANGES.events, routingKey, Buffer.from(JSON.stringify(envelope)), {
        persistent: true,
        contentType: 'application/json',
        messageId: envelope.messageId,
        type: envelope.type,
      });
      await channel.waitForConfirms();
    },
    /** A real client that records what it showed and went through. */
    follow: (options: Partial<OrderStatusClientOptions> & { token: string }) => {
      const shown: OrderStatusPush[] = [];
      const events: ConnectionEvent[] = [];
      const client = connectOrderStatus({
        url: gatewayUrl,
        orderServiceUrl,
        heartbeatTimeoutMs: CLIENT_HEARTBEAT_TIMEOUT_MS,
        backoff: { baseMs: 500, maxMs: 4_000 },
        onStatus: (status) => shown.push(status),
        onEvent: (event) => events.push(event),
        ...options,
      });
      clients.push(client);
      return { client, shown, events };
    },
    stop: async () => {
      clients.forEach((client) => client.close());
      await rabbit.close().catch(() => undefined);
      await Promise.all([gateway, orders, inventory].map((app) => app.stop()));
      // Left there, they wait for whichever later suite starts email-service, or for none.
      await takeQueuedMessages(QUEUES.emailOrderEvents, ({ body }) => {
        const aggregateId = (body as { aggregateId?: unknown } | null)?.aggregateId;
        return typeof aggregateId === 'string' && placedOrderIds.has(aggregateId);
      });
    },
  };
};

export type RealtimeStack = Awaited<ReturnType<typeof startRealtimeStack>>;

export const eventsOf = <T extends ConnectionEvent['type']>(
  events: readonly ConnectionEvent[],
  type: T,
): Array<Extract<ConnectionEvent, { type: T }>> =>
  events.filter((event): event is Extract<ConnectionEvent, { type: T }> => event.type === type);
