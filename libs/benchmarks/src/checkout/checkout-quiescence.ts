import { QUEUES, type ServiceName } from '@pattern-shop/contracts';
import { getManagementJson, managementAuthorization } from '@pattern-shop/messaging-rabbitmq';
import { LOCAL_INFRA, queryServiceDb, waitFor } from '@pattern-shop/testing';

// The saga's own traffic; retry queues included, dead letters not (they wait for a person).
const SAGA_QUEUES = [QUEUES.paymentCommands, QUEUES.inventoryCommands, QUEUES.orderSagaReplies];
const RELAYS: readonly ServiceName[] = ['order-service', 'payment-service', 'inventory-service'];

/** Ready plus unacknowledged messages of the saga's queues, from the management API. */
const sagaMessagesQueued = async (): Promise<number> => {
  const queues = await getManagementJson<{ name: string; messages?: number }[]>(
    `${LOCAL_INFRA.rabbitmqManagementUrl}/api/queues/%2F?columns=name,messages`,
    { authorization: managementAuthorization(LOCAL_INFRA.rabbitmqUrl) },
  );
  return queues
    .filter(({ name }) => SAGA_QUEUES.some((q) => name === q || name.startsWith(`${q}.retry.`)))
    .reduce((sum, queue) => sum + (queue.messages ?? 0), 0);
};

const unpublishedRows = async (service: ServiceName): Promise<number> => {
  const [row] = await queryServiceDb<{ n: number }>(
    service,
    'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL',
  );
  return row?.n ?? 0;
};

const sagasStillWorking = async (orderIds: readonly string[]): Promise<number> => {
  const [row] = await queryServiceDb<{ n: number }>(
    'order-service',
    `SELECT count(*)::int AS n FROM checkout_sagas WHERE order_id = ANY($1::uuid[])
        AND status NOT IN ('CONFIRMED', 'CANCELLED', 'COMPENSATION_FAILED')`,
    [orderIds],
  );
  return row?.n ?? 0;
};

/**
 * A final order status is not the end of the work: a saga that timed out still has late
 * replies, releases and refunds on their way. Stopping the apps then would leave commands in
 * the queues for whoever starts the services next, so this waits (bounded) until the sagas,
 * the three outboxes and the saga's queues are all idle on two polls in a row (the management
 * API's figures lag a few seconds).
 */
export const waitUntilQuiet = async (orderIds: readonly string[], timeoutMs: number) => {
  let quietPolls = 0;
  try {
    await waitFor(
      'the checkout path to be idle',
      async () => {
        const sagas = await sagasStillWorking(orderIds);
        const outboxes = await Promise.all(RELAYS.map(unpublishedRows));
        const queued = await sagaMessagesQueued();
        const busy = sagas + queued + outboxes.reduce((sum, n) => sum + n, 0);
        process.stderr.write(
          `  sagas working ${sagas}, saga queues ${queued}, outboxes unpublished ${outboxes.join('/')}\n`,
        );
        quietPolls = busy === 0 ? quietPolls + 1 : 0;
        return quietPolls >= 2 ? true : undefined;
      },
      { timeoutMs, intervalMs: 3_000 },
    );
  } catch {
    process.stderr.write(`  the checkout path was still busy after ${timeoutMs} ms\n`);
  }
};
