import type { CheckoutSagaStatus, ServiceName } from '@pattern-shop/contracts';
import type { FaultContext } from './scenario.js';

// The moments a kill -9 is aimed at (faults.ts `killWhen`): each reads the system from outside
// and says what it caught, or undefined while the moment has not come.

export type KillMoment = Readonly<{
  /** What the kill waits for, in words: "a saga in CHARGING". */
  describe: string;
  caught: (context: FaultContext) => Promise<string | undefined>;
}>;

/** order-service has at least one saga in this state. */
export const sagaIn = (status: CheckoutSagaStatus): KillMoment => ({
  describe: `a saga in ${status}`,
  caught: async ({ queryDb }) => {
    const [row] = await queryDb<{ n: number; example: string }>(
      'order-service',
      `SELECT count(*)::int AS n, min(order_id::text) AS example
         FROM checkout_sagas WHERE status = $1 HAVING count(*) > 0`,
      [status],
    );
    return row && `${row.n} saga(s) in ${status}, e.g. order ${row.example}`;
  },
});

/**
 * A charge the card processor has captured while payment-service, still waiting for the answer,
 * has no payment row for it: the provider records a charge when the request arrives and only the
 * answer waits out its latency, so a held processor makes this moment last.
 */
export const chargeInFlight: KillMoment = {
  describe: 'a charge captured at the provider and not yet recorded by payment-service',
  caught: async ({ queryDb, operatorCall }) => {
    const charging = await queryDb<{ order_id: string }>(
      'order-service',
      `SELECT order_id FROM checkout_sagas WHERE status = 'CHARGING' ORDER BY updated_at LIMIT 20`,
    );
    const ids = charging.map((row) => row.order_id);
    if (ids.length === 0) return undefined;
    const recorded = await queryDb<{ order_id: string }>(
      'payment-service',
      'SELECT order_id FROM payments WHERE order_id = ANY($1::uuid[])',
      [ids],
    );
    const known = new Set(recorded.map((row) => row.order_id));
    for (const id of ids.filter((orderId) => !known.has(orderId))) {
      const { status, body } = await operatorCall(
        'payment-provider',
        'GET',
        `/admin/ledger/orders/${id}`,
      );
      const charges = (body as { charges?: readonly unknown[] } | undefined)?.charges ?? [];
      if (status === 200 && charges.length > 0)
        return `order ${id} charged at the provider, no payment row at payment-service yet`;
    }
    return undefined;
  },
};

/**
 * The app is inside a database transaction whose latest statement matches `statement` (its
 * own sessions are visible to its own role in pg_stat_activity).
 */
export const openTransaction = (app: ServiceName, statement: string, what: string): KillMoment => ({
  describe: `${app} inside ${what}`,
  caught: async ({ queryDb }) => {
    const [row] = await queryDb<{ query: string; open_ms: number }>(
      app,
      `SELECT query, (extract(epoch FROM clock_timestamp() - xact_start) * 1000)::int AS open_ms
         FROM pg_stat_activity
        WHERE usename = current_user AND pid <> pg_backend_pid() AND xact_start IS NOT NULL
          AND query ~* $1
        ORDER BY xact_start LIMIT 1`,
      [statement],
    );
    return (
      row &&
      `${what}: a transaction open ${row.open_ms} ms, at "${row.query.replace(/\s+/g, ' ').slice(0, 80)}"`
    );
  },
});

/**
 * analytics-service has committed a batch to its projection (`stream_positions`, written in the
 * batch's transaction) whose offset the consumer group has not committed to Kafka yet.
 */
export const projectionAheadOfOffset: KillMoment = {
  describe: 'a batch in the projection whose offset is not committed yet',
  caught: async ({ queryDb, analyticsCommittedOffsets }) => {
    const positions = await queryDb<{ topic: string; partition: number; next_offset: string }>(
      'analytics-service',
      'SELECT topic, partition, next_offset FROM analytics.stream_positions',
    );
    const committed = await analyticsCommittedOffsets();
    for (const { topic, partition, next_offset } of positions) {
      const offset = committed.get(`${topic}:${partition}`) ?? -1;
      if (Number(next_offset) > offset)
        return `${topic}[${partition}]: projection at ${next_offset}, committed offset ${offset}`;
    }
    return undefined;
  },
};
