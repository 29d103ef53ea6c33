// Helpers for payment-service's integration tests only (excluded from the build): the two apps
// as real processes, and what the provider and the database hold. Messages: payment-messages.ts.
import { createServer } from 'node:net';
import { deadLetterQueueName, QUEUES } from '@pattern-shop/contracts';
import {
  LOCAL_INFRA,
  queryServiceDb,
  ServiceProcess,
  takeMessagesAbout,
  waitFor,
} from '@pattern-shop/testing';
import { openCommandPublisher, tapReplies } from './payment-messages.js';

export * from './payment-messages.js';

export const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const admin = { authorization: `Bearer ${LOCAL_INFRA.operatorToken}` };

/** payment-provider on a port of its own, with its knobs and its ledger at hand. */
export const startProvider = async () => {
  const app = ServiceProcess.start('payment-provider', { PORT: String(await freePort()) });
  await app.waitUntilReady();
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${app.baseUrl}${path}`, {
      method,
      headers: { ...admin, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as unknown;
  };
  return {
    app,
    url: app.baseUrl,
    behave: (knobs: Record<string, number>) => call('PUT', '/admin/behaviour', knobs),
    reset: () => call('DELETE', '/admin/behaviour'),
    ledgerOf: (orderId: string) =>
      call('GET', `/admin/ledger/orders/${orderId}`) as Promise<{
        charges: { chargeId: string; status: string; amountCents: number }[];
        refunds: { refundId: string; amountCents: number }[];
      }>,
  };
};
export type Provider = Awaited<ReturnType<typeof startProvider>>;

/** One payment-service instance on a free port, calling `providerUrl`. */
export const startPaymentService = async (
  providerUrl: string,
  env: Record<string, string> = {},
) => {
  const app = ServiceProcess.start('payment-service', {
    PORT: String(await freePort()),
    PAYMENT_PROVIDER_URL: providerUrl,
    ...env,
  });
  await app.waitUntilReady(); // ready means subscribed: the queue is declared during bootstrap
  return app;
};

/** The value of one series on an app's `/metrics`, 0 when absent. */
export const metricOf = async (baseUrl: string, name: string, labels: Record<string, string>) => {
  const wanted = Object.entries(labels).map(([label, value]) => `${label}="${value}"`);
  const line = (await (await fetch(`${baseUrl}/metrics`)).text())
    .split('\n')
    .find((row) => row.startsWith(`${name}{`) && wanted.every((pair) => row.includes(pair)));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
};

export const handledCommands = (baseUrl: string, outcome = 'handled') =>
  metricOf(baseUrl, 'rabbitmq_messages_handled_total', { queue: QUEUES.paymentCommands, outcome });

export type PaymentRow = {
  payment_id: string;
  status: string;
  amount_cents: string;
  provider_charge_id: string | null;
  decline_reason: string | null;
  refund_failures: number;
  last_refund_error: string | null;
};

export const paymentRowsOf = (orderId: string) =>
  queryServiceDb<PaymentRow>(
    'payment-service',
    `SELECT payment_id, status, amount_cents, provider_charge_id, decline_reason, refund_failures,
            last_refund_error
       FROM payments WHERE order_id = $1`,
    [orderId],
  );

/** Replies to the saga this service wrote to its outbox for the order, published or not yet. */
export const repliesWrittenFor = async (orderId: string) => {
  const [row] = await queryServiceDb<{ count: string }>(
    'payment-service',
    `SELECT count(*) FROM outbox WHERE aggregate_id = $1 AND routing_key_or_kafka_key = $2`,
    [orderId, QUEUES.orderSagaReplies],
  );
  return Number(row?.count ?? 0);
};

/** Where each message this service wrote to its outbox for the order goes, once published. */
export const outboxRowsOf = (orderId: string) =>
  queryServiceDb<{ type: string; route: string; message_id: string; published: boolean }>(
    'payment-service',
    `SELECT type, exchange_or_topic || ' ' || routing_key_or_kafka_key AS route, message_id,
            published_at IS NOT NULL AS published
       FROM outbox WHERE aggregate_id = $1 ORDER BY id`,
    [orderId],
  );

/** Waits until payment-service's outbox published every reply about these orders. */
export const repliesPublishedFor = (orderIds: ReadonlySet<string>) =>
  waitFor(
    `payment-service's outbox to publish its replies about ${orderIds.size} orders`,
    async () => {
      const [row] = await queryServiceDb<{ count: string }>(
        'payment-service',
        `SELECT count(*) FROM outbox WHERE aggregate_id = ANY($1::text[]) AND published_at IS NULL`,
        [[...orderIds]],
      );
      return Number(row?.count ?? 0) === 0 ? true : undefined;
    },
    { timeoutMs: 10_000 },
  );

/**
 * Takes everything about the test's made-up orders off the shared queues, once its apps stopped:
 * a reply left in `order.saga-replies` would reach the next order-service started, which has no
 * saga for it and dead-letters it; a command left in `payment.commands` would be charged by it.
 */
export const takeWhatTheyLeft = (orderIds: ReadonlySet<string>) =>
  takeMessagesAbout(orderIds, [
    QUEUES.orderSagaReplies,
    QUEUES.paymentCommands,
    deadLetterQueueName(QUEUES.paymentCommands),
  ]);

/**
 * `payment.commands` is one queue by contract: a payment-service someone else runs (the saga's
 * end-to-end tests, `./bin/run`) would compete for our commands and call its own provider. So a
 * rig waits until nobody consumes it, and says why when that does not happen.
 */
const waitForQueueToOurselves = async () => {
  const { username, password } = new URL(LOCAL_INFRA.rabbitmqUrl);
  const url = `${LOCAL_INFRA.rabbitmqManagementUrl}/api/queues/%2F/${QUEUES.paymentCommands}`;
  const auth = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  await waitFor(
    `no other consumer on ${QUEUES.paymentCommands} (stop the payment-service running elsewhere)`,
    async () => {
      const response = await fetch(url, { headers: { authorization: auth } });
      if (response.status === 404) return true; // not declared yet: nobody consumes it
      const { consumers } = (await response.json()) as { consumers: number };
      return consumers === 0 ? true : undefined;
    },
    { timeoutMs: 45_000, intervalMs: 500 },
  );
};

/**
 * What every payment-service test runs against: the provider, `instances` payment-service
 * processes calling it (each with `env`), a command publisher and a tap on the saga's replies.
 */
export const startPaymentRig = async ({
  env = {},
  instances = 1,
}: { env?: Record<string, string>; instances?: number } = {}) => {
  await waitForQueueToOurselves();
  const provider = await startProvider();
  const services = await Promise.all(
    Array.from({ length: instances }, () => startPaymentService(provider.url, env)),
  );
  const publisher = await openCommandPublisher();
  const replies = await tapReplies();
  const [service] = services;
  if (service === undefined) throw new RangeError('a rig needs at least one instance');
  return {
    provider,
    service,
    services,
    publisher,
    replies,
    stop: async () => {
      await repliesPublishedFor(publisher.orderIds);
      await replies.close();
      await publisher.close();
      await Promise.all(services.map((instance) => instance.stop()));
      await provider.app.stop();
      await takeWhatTheyLeft(publisher.orderIds);
    },
  };
};
export type PaymentRig = Awaited<ReturnType<typeof startPaymentRig>>;
