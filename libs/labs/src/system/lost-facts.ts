import {
  localAddresses,
  readAnalyticsLag,
  readOutbox,
  readProjections,
} from '@pattern-shop/chaos-checker';
import { sendStackCommand, ToxiproxyClient, waitFor } from '@pattern-shop/testing';
import { labCustomers, placeOneOrder } from './load.js';
import { statusOf } from './stack.js';

/** order-service's hop to Kafka in chaos mode (libs/testing/src/chaos-proxies.ts). */
export const ORDER_KAFKA_PROXY = 'order-service.kafka';

/** What became of orders placed while order-service could not reach Kafka and then stopped. */
export type LostFactsTrial = Readonly<{
  orderIds: readonly string[];
  /** The orders analytics-service has an OrderPlaced fact for. */
  projected: readonly string[];
  /** false: the outbox still held rows, or analytics still lagged, when the wait ended. */
  settled: boolean;
  pendingOutboxRows: number;
}>;

const ORDERS = 3;
const SETTLE_MS = 60_000;

const placeTrialOrders = async (log: (line: string) => void): Promise<string[]> => {
  const ids: string[] = [];
  const [customer] = await labCustomers(1);
  if (customer === undefined) throw new Error('order-service handed out no guest session');
  for (let i = 0; i < ORDERS; i += 1) {
    const answer = await placeOneOrder(customer);
    if (answer.status !== 202 || answer.orderId === undefined)
      throw new Error(`POST /orders answered ${answer.status}: is order-service running?`);
    ids.push(answer.orderId);
  }
  log(`placed ${ids.length} orders: ${ids.join(', ')}`);
  return ids;
};

/**
 * The outbox's trial, acted out on the running stack: cut order-service from Kafka, place
 * orders, stop order-service (what it holds only in memory dies with it), mend the link, start
 * it again, and wait until nothing is left to deliver. Run on a stack in chaos mode.
 */
export const tryToLoseFacts = async (log: (line: string) => void): Promise<LostFactsTrial> => {
  const toxiproxy = new ToxiproxyClient();
  const addresses = localAddresses();
  log(`cutting order-service from Kafka (${ORDER_KAFKA_PROXY})...`);
  await toxiproxy.setEnabled(ORDER_KAFKA_PROXY, false);
  let orderIds: string[];
  try {
    orderIds = await placeTrialOrders(log);
    log('stopping order-service while it cannot reach Kafka...');
    await sendStackCommand({ action: 'stop', app: 'order-service' });
  } finally {
    await toxiproxy.setEnabled(ORDER_KAFKA_PROXY, true);
    if ((await statusOf('order-service')).state !== 'running')
      await sendStackCommand({ action: 'start', app: 'order-service' });
  }
  log('link mended, order-service started again; waiting until nothing is left to deliver...');
  const look = async () => {
    const projected = (await readProjections(addresses, orderIds))
      .filter((row) => row.placedTotalCents !== null)
      .map((row) => row.orderId);
    const pendingOutboxRows = (await readOutbox(addresses.databases.orders, 'order-service'))
      .length;
    const lag = await readAnalyticsLag(addresses);
    const settled = projected.length === orderIds.length || (pendingOutboxRows === 0 && lag === 0);
    return { orderIds, projected, settled, pendingOutboxRows };
  };
  const settled = await waitFor(
    'the outbox to drain and analytics to catch up',
    async () => {
      const seen = await look();
      return seen.settled ? seen : undefined;
    },
    { timeoutMs: SETTLE_MS, intervalMs: 500 },
  ).catch(() => undefined);
  return settled ?? (await look());
};
