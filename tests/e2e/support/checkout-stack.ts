import { LOCAL_INFRA, ServiceProcess, waitFor, waitForQueueDrained } from '@pattern-shop/testing';
import { getJson, newCustomerId, placeOrder, type Answer } from './order-api.js';

const STAFF = { authorization: `Bearer ${LOCAL_INFRA.operatorToken}` };
const PROVIDER = 'http://127.0.0.1:3007';
const ORDERS = 'http://127.0.0.1:3001';

/**
 * Short deadlines and retry pauses, so every failure path of the saga ends within a test. The
 * charge deadline is longer than payment-service's provider timeout plus one retry, so a plain
 * slow call is still a success; the tests that want the deadline to pass make the provider slower.
 */
export const SAGA_SETTINGS = {
  SAGA_CHARGE_TIMEOUT_MS: '5000',
  SAGA_RESERVE_TIMEOUT_MS: '5000',
  SAGA_REFUND_TIMEOUT_MS: '4000',
  SAGA_COMPENSATION_RETRY_DELAYS_MS: '300,600',
  SAGA_DEADLINE_POLL_MS: '100',
  // Longer than any test waits: a deadline the alarm did not report would be found too late.
  SAGA_DEADLINE_SAFETY_POLL_MS: '60000',
  SAGA_REPLY_RETRY_DELAYS_MS: '200,400',
} as const;

export const startOrderService = (settings: Record<string, string> = {}): ServiceProcess =>
  ServiceProcess.start('order-service', { ...SAGA_SETTINGS, ...settings });

/** The four processes of a checkout: the orchestrator, both command owners and the processor. */
export const startCheckoutStack = async ({
  drainFirst = true,
  orderSettings = {},
}: {
  drainFirst?: boolean;
  /** Replaces some of SAGA_SETTINGS for order-service. */
  orderSettings?: Record<string, string>;
} = {}): Promise<Record<string, ServiceProcess>> => {
  const apps = {
    provider: ServiceProcess.start('payment-provider'),
    payment: ServiceProcess.start('payment-service', {
      // Enough attempts to outlast a provider slower than the timeout: the late-charge test.
      COMMAND_MAX_ATTEMPTS: '6',
      COMMAND_RETRY_DELAYS_MS: '300,600,1200',
      PAYMENT_PROVIDER_TIMEOUT_MS: '1500',
      PAYMENT_PROVIDER_BREAKER_RESET_MS: '1000',
    }),
    inventory: ServiceProcess.start('inventory-service', {
      COMMAND_RETRY_DELAYS_MS: '200,400,800',
    }),
    order: startOrderService(orderSettings),
  };
  // One app that fails to start must not leave the others running for the next suite.
  await Promise.all(Object.values(apps).map((app) => app.waitUntilReady())).catch(
    async (error: unknown) => {
      await Promise.all(Object.values(apps).map((app) => app.stop()));
      throw error;
    },
  );
  // Other suites place orders without payment-service running; their ChargePayment commands wait
  // in the queue. Let the stack work them off first, so this suite's timings are its own.
  if (drainFirst)
    for (const queue of ['payment.commands', 'inventory.commands', 'order.saga-replies']) {
      await waitForQueueDrained(queue);
    }
  return apps;
};

export const provider = {
  /** Replaces every knob; the ones left out take their defaults (no latency, no failures). */
  behave: async (knobs: Record<string, number>): Promise<void> => {
    const response = await fetch(`${PROVIDER}/admin/behaviour`, {
      method: 'PUT',
      headers: { ...STAFF, 'content-type': 'application/json' },
      body: JSON.stringify(knobs),
    });
    if (!response.ok) throw new Error(`PUT /admin/behaviour: ${response.status}`);
  },
  reset: async (): Promise<void> => {
    await fetch(`${PROVIDER}/admin/behaviour`, { method: 'DELETE', headers: STAFF });
  },
  ledgerOf: async (orderId: string): Promise<any> =>
    (await fetch(`${PROVIDER}/admin/ledger/orders/${orderId}`, { headers: STAFF })).json(),
};

export type PlacedOrder = Readonly<{ orderId: string; token: string; answer: Answer }>;

export const placeCheckout = async (
  items: ReadonlyArray<{ sku: string; quantity: number }>,
  customerId = newCustomerId(),
  correlationId?: string,
): Promise<PlacedOrder> => {
  const answer = await placeOrder({ customerId, items }, { correlationId });
  if (answer.status !== 202)
    throw new Error(`POST /orders: ${answer.status} ${JSON.stringify(answer.body)}`);
  return { orderId: answer.body.orderId, token: answer.body.accessToken, answer };
};

/** The order as its customer sees it, once it reached `status`. */
export const orderReaching = (
  { orderId, token }: PlacedOrder,
  status: 'CONFIRMED' | 'CANCELLED',
  timeoutMs = 30_000,
): Promise<any> =>
  waitFor(
    `order ${orderId} to be ${status}`,
    async () => {
      const { body } = await getJson(`/orders/${orderId}`, token);
      return body.status === status ? body : undefined;
    },
    { timeoutMs },
  );

export const sagaOf = async (orderId: string): Promise<any> =>
  (await fetch(`${ORDERS}/sagas/${orderId}`, { headers: STAFF })).json();

export const retrySaga = (orderId: string): Promise<Response> =>
  fetch(`${ORDERS}/sagas/${orderId}/retry`, { method: 'POST', headers: STAFF });

/** The saga once it is in `status`. */
export const sagaReaching = (orderId: string, status: string, timeoutMs = 30_000) =>
  waitFor(
    `saga ${orderId} to be ${status}`,
    async () => {
      const saga = await sagaOf(orderId);
      return saga.status === status ? saga : undefined;
    },
    { timeoutMs },
  );
