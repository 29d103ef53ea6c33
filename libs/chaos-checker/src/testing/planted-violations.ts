import { randomUUID } from 'node:crypto';
import { connect } from 'amqplib';
import { LOCAL_INFRA, queryServiceDb } from '@pattern-shop/testing';

/** What a plant leaves behind: call it to put the real system back as it was. */
export type Restore = () => Promise<void>;

// Children first: each table's foreign key points at the one after it.
const ORDER_TABLES = [
  'checkout_saga_steps',
  'checkout_sagas',
  'order_status_history',
  'order_lines',
];

/**
 * A lost order: the order and every row that points at it deleted from order-service's own
 * database, as if its transaction had never committed after the 202; restored row for row.
 */
export const loseOrder = async (orderId: string): Promise<Restore> => {
  const saved: Array<[string, unknown[]]> = [];
  for (const table of [...ORDER_TABLES, 'orders']) {
    const column = table === 'orders' ? 'id' : 'order_id';
    const rows = await queryServiceDb(
      'order-service',
      `DELETE FROM ${table} WHERE ${column} = $1 RETURNING *`,
      [orderId],
    );
    saved.push([table, rows]);
  }
  return async () => {
    for (const [table, rows] of saved.reverse())
      await queryServiceDb(
        'order-service',
        `INSERT INTO ${table} SELECT * FROM json_populate_recordset(null::${table}, $1)`,
        [JSON.stringify(rows)],
      );
  };
};

/** One column of one row set to a value through the owning service's role; restored after. */
const setColumn = async (
  service: 'order-service' | 'analytics-service',
  table: string,
  column: string,
  key: Readonly<{ column: string; value: string }>,
  value: unknown,
): Promise<Restore> => {
  const where = `WHERE ${key.column} = $1`;
  const [row] = await queryServiceDb<{ value: unknown }>(
    service,
    `SELECT ${column} AS value FROM ${table} ${where}`,
    [key.value],
  );
  if (row === undefined) throw new Error(`no ${table} row with ${key.column} ${key.value}`);
  await queryServiceDb(service, `UPDATE ${table} SET ${column} = $2 ${where}`, [key.value, value]);
  return async () => {
    await queryServiceDb(service, `UPDATE ${table} SET ${column} = $2 ${where}`, [
      key.value,
      row.value,
    ]);
  };
};

/**
 * An oversell: the units a confirmed order took put back on the shelf without a stock movement,
 * so they are sold twice. (Stock below zero cannot be planted: `products` has CHECK (stock >= 0).)
 */
export const oversell = async (sku: string, units: number): Promise<Restore> => {
  const move = (by: number) =>
    queryServiceDb('inventory-service', 'UPDATE products SET stock = stock + $2 WHERE sku = $1', [
      sku,
      by,
    ]);
  await move(units);
  return async () => {
    await move(-units);
  };
};

/** A stuck saga: a final order set back to PENDING, as a saga that never got its reply leaves it. */
export const unfinishOrder = (orderId: string): Promise<Restore> =>
  setColumn('order-service', 'orders', 'status', { column: 'id', value: orderId }, 'PENDING');

/** A wrong projection: analytics' fact of an order counts a total the order does not have. */
export const skewProjection = (orderId: string): Promise<Restore> =>
  setColumn(
    'analytics-service',
    'analytics.order_facts',
    'placed_total_cents',
    { column: 'order_id', value: orderId },
    999_999,
  );

/**
 * A dead letter no scenario expects, on a real `.dlq` queue; removed by fetching it back and
 * acking it alone (the others fetched on the way are returned when the channel closes).
 */
export const plantDeadLetter = async (
  queue: string,
): Promise<Readonly<{ messageId: string; restore: Restore }>> => {
  const messageId = `planted-dead-letter-${randomUUID()}`;
  const connection = await connect(LOCAL_INFRA.rabbitmqUrl);
  try {
    const channel = await connection.createConfirmChannel();
    channel.sendToQueue(queue, Buffer.from('{}'), {
      messageId,
      type: 'PlantedByTheChecker',
      headers: { 'x-error-reason': 'planted', 'x-failed-at': new Date().toISOString() },
      persistent: true,
    });
    await channel.waitForConfirms();
  } finally {
    await connection.close();
  }
  const restore = async () => {
    const again = await connect(LOCAL_INFRA.rabbitmqUrl);
    try {
      const channel = await again.createChannel();
      for (;;) {
        const message = await channel.get(queue, { noAck: false });
        if (message === false) throw new Error(`planted ${messageId} is no longer on ${queue}`);
        if (message.properties.messageId !== messageId) continue;
        channel.ack(message);
        break;
      }
      await channel.close();
    } finally {
      await again.close();
    }
  };
  return { messageId, restore };
};

const PROVIDER = 'http://127.0.0.1:3007';

const post = async (path: string, body: object): Promise<{ id?: string; chargeId?: string }> => {
  const response = await fetch(`${PROVIDER}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id?: string; chargeId?: string };
};

/**
 * A double charge: a second capture on the provider's ledger for an order already charged, under
 * another Idempotency-Key (what a retry without the key does). The provider keeps its ledger, so
 * the undo is a refund of that charge: the money balances again, the second capture stays.
 */
export const chargeAgain = async (
  order: Readonly<{ orderId: string; customerId: string; totalCents: number }>,
): Promise<Restore> => {
  const charge = await post('/charges', {
    orderId: order.orderId,
    customerId: order.customerId,
    amountCents: order.totalCents,
    currency: 'EUR',
  });
  const chargeId = charge.chargeId ?? charge.id;
  return async () => {
    await post('/refunds', { chargeId, amountCents: order.totalCents });
  };
};
