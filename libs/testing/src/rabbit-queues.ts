import { LOCAL_INFRA } from './local-environment.js';
import { waitFor } from './wait-for.js';

/**
 * Ready plus unacknowledged messages of a queue, from the management API; 0 when it does not
 * exist. Any other failure throws (callers poll through waitFor, which asks again): a 500 of the
 * management API is not an empty queue.
 */
export const rabbitQueueDepth = async (queue: string): Promise<number> => {
  const auth = Buffer.from('shop:shop_dev').toString('base64');
  const response = await fetch(
    `${LOCAL_INFRA.rabbitmqManagementUrl}/api/queues/%2F/${encodeURIComponent(queue)}`,
    { headers: { authorization: `Basic ${auth}` } },
  );
  if (response.status === 404) return 0;
  if (!response.ok) throw new Error(`GET /api/queues/%2F/${queue}: ${response.status}`);
  return ((await response.json()) as { messages?: number }).messages ?? 0;
};

/**
 * Waits until a queue is empty, read twice in a row a second apart: the management API's figures
 * lag by its statistics interval, so one zero may be old. Suites that share a queue with earlier
 * suites (commands left by tests that ran without the consumer) call this before measuring.
 */
export const waitForQueueDrained = async (queue: string, timeoutMs = 120_000): Promise<void> => {
  let zeros = 0;
  await waitFor(
    `${queue} to be drained`,
    async () => {
      zeros = (await rabbitQueueDepth(queue)) === 0 ? zeros + 1 : 0;
      return zeros >= 2 ? true : undefined;
    },
    { timeoutMs, intervalMs: 1_000 },
  );
};
