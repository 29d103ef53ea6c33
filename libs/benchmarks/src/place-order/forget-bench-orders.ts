import { connect } from 'amqplib';
import { QUEUES } from '@pattern-shop/contracts';
import { LOCAL_INFRA, queryServiceDb } from '@pattern-shop/testing';

/** The queues the place-order bench fills and nobody consumes while it runs. */
const FILLED_QUEUES = [QUEUES.paymentCommands, QUEUES.emailOrderEvents];

/**
 * What the place-order bench leaves behind, removed: its orders with their lines, history, sagas
 * and outbox rows (the guest customers it ordered as), and the charge commands and order events it published
 * that no service consumed during the run. Left there, the sagas would time out and be
 * compensated during the next run (skewing it), and the next payment-service or email-service
 * would work through tens of thousands of messages about orders that never were.
 * Meant for a development stack: purging a queue also drops any other message waiting in it.
 */
export const forgetBenchOrders = async (
  customerIds: readonly string[],
): Promise<{ orders: number; messages: number }> => {
  const benchOrders = `SELECT id FROM orders WHERE customer_id = ANY($1)`;
  for (const statement of [
    `DELETE FROM checkout_saga_steps WHERE order_id IN (${benchOrders})`,
    `DELETE FROM checkout_sagas WHERE order_id IN (${benchOrders})`,
    `DELETE FROM order_lines WHERE order_id IN (${benchOrders})`,
    `DELETE FROM order_status_history WHERE order_id IN (${benchOrders})`,
    `DELETE FROM outbox WHERE aggregate_id IN (SELECT id::text FROM orders WHERE customer_id = ANY($1))`,
    `DELETE FROM idempotency_keys WHERE customer_id = ANY($1)`,
  ]) {
    await queryServiceDb('order-service', statement, [customerIds]);
  }
  const [deleted] = await queryServiceDb<{ n: number }>(
    'order-service',
    `WITH gone AS (DELETE FROM orders WHERE customer_id = ANY($1) RETURNING 1) SELECT count(*)::int AS n FROM gone`,
    [customerIds],
  );
  const rabbit = await connect(LOCAL_INFRA.rabbitmqUrl);
  let messages = 0;
  try {
    for (const queue of FILLED_QUEUES) {
      // A queue nobody declared yet (a fresh stack where email-service never ran) holds nothing;
      // its 404 closes only the channel of its own.
      const channel = await rabbit.createChannel();
      channel.on('error', () => undefined);
      const purged = await channel.purgeQueue(queue).catch(() => undefined);
      messages += purged?.messageCount ?? 0;
      if (purged !== undefined) await channel.close();
    }
  } finally {
    await rabbit.close();
  }
  return { orders: deleted?.n ?? 0, messages };
};
