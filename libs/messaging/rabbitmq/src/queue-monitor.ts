import { deadLetterQueueName } from '@pattern-shop/contracts';
import { Gauge, type Metric, type Registry } from 'prom-client';
import { getManagementJson } from './management-api.js';
import { newestDeliveredPublishTime } from './subscriber-metrics.js';

export type QueueMonitorOptions = Readonly<{
  /** Root of the management plugin, e.g. `http://127.0.0.1:15672`. */
  managementUrl: string;
  username: string;
  password: string;
  vhost?: string;
  /** The consumed queues `Q`; each one's `Q.dlq` is watched too. */
  queues: readonly string[];
  registry: Registry;
  /** Polling period; 0 polls only on `refresh()`. Default 15 s. */
  intervalMs?: number;
  /** Per request to the management API. Default 2 s. */
  timeoutMs?: number;
  onError?: (queue: string, error: unknown) => void;
}>;

export type QueueMonitor = Readonly<{
  /** Reads every queue now; resolves once the gauges are updated. */
  refresh: () => Promise<void>;
  stop: () => void;
}>;

/** The fields read for each queue from `GET /api/queues/<vhost>?columns=…`. */
type QueueInfo = {
  name: string;
  messages?: number;
  messages_ready?: number;
  consumers?: number;
  head_message_timestamp?: number | null;
  message_stats?: { publish?: number; deliver_get?: number };
};

/** One page of `GET /api/queues/<vhost>` filtered by name (the filter needs pagination). */
type QueuePage = { items: QueueInfo[] };

const COLUMNS = [
  'name',
  'messages',
  'messages_ready',
  'consumers',
  'head_message_timestamp',
  'message_stats.publish',
  'message_stats.deliver_get',
].join(',');

const escapeRegExp = (name: string): string => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const GAUGES = {
  depth: ['rabbitmq_queue_depth', 'Messages in the queue, ready plus unacknowledged.'],
  consumers: ['rabbitmq_queue_consumers', 'Consumers attached to the queue.'],
  deadLetters: ['rabbitmq_dead_letter_depth', 'Messages in the queue dead letters, Q.dlq.'],
  oldestAge: [
    'rabbitmq_queue_oldest_message_age_seconds',
    'Age of the oldest message waiting in the queue (consumer lag in time); 0 when none waits. ' +
      'From the head timestamp where the broker reports it (classic queues), else an upper ' +
      'bound from the newest message this process received; absent when neither is known.',
  ],
  // Copied from the broker, so gauges, and named as such: no _total (Prometheus' counter suffix).
  published: [
    'rabbitmq_queue_messages_published',
    "The broker's count of messages published into the queue (management API message_stats." +
      'publish); restarts at 0 with the broker or the queue. Compare its increase, not its value.',
  ],
  delivered: [
    'rabbitmq_queue_messages_delivered',
    "The broker's count of deliveries from the queue, redeliveries included (message_stats." +
      'deliver_get); restarts at 0 with the broker or the queue. Compare its increase, not its value.',
  ],
} as const;

const gaugeOnce = (registry: Registry, [name, help]: readonly [string, string]): Gauge =>
  (registry.getSingleMetric(name) as (Metric & Gauge) | undefined) ??
  new Gauge({ name, help, labelNames: ['queue'], registers: [registry] });

/**
 * Seconds the oldest waiting message has waited. Classic queues report their head message's
 * AMQP timestamp (seconds since the epoch). Quorum queues (all of ours) do not, and peeking would
 * need a get-and-requeue that raises `x-delivery-count`, the crash-loop count; so the estimate is
 * the age of the newest message this process was handed (`newestPublishedAtMs`): the head was
 * published at or after it, so this bounds its age from above and grows while consumers stall.
 */
export const oldestWaitingAge = (
  info: Pick<QueueInfo, 'messages_ready' | 'head_message_timestamp'>,
  newestPublishedAtMs: number | undefined,
  nowMs: number,
): number | undefined => {
  const head = info.head_message_timestamp;
  if (typeof head === 'number' && head > 0) return Math.max(0, nowMs / 1_000 - head);
  if ((info.messages_ready ?? 0) === 0) return 0;
  if (newestPublishedAtMs === undefined) return undefined;
  return Math.max(0, (nowMs - newestPublishedAtMs) / 1_000);
};

/**
 * Polls the management API for what operators of queues watch. The API's figures are refreshed
 * by the broker every few seconds (`collect_statistics_interval`), so they lag by that much.
 * The published and delivered figures are the broker's own counts, copied as gauges: their values
 * cannot be compared (purged, expired and dead-lettered messages are published but never
 * delivered; redeliveries are delivered twice), only their increases over the same window.
 */
export const monitorQueues = (options: QueueMonitorOptions): QueueMonitor => {
  const { registry, queues, intervalMs = 15_000, timeoutMs = 2_000 } = options;
  const gauges = {
    depth: gaugeOnce(registry, GAUGES.depth),
    consumers: gaugeOnce(registry, GAUGES.consumers),
    deadLetters: gaugeOnce(registry, GAUGES.deadLetters),
    oldestAge: gaugeOnce(registry, GAUGES.oldestAge),
    published: gaugeOnce(registry, GAUGES.published),
    delivered: gaugeOnce(registry, GAUGES.delivered),
  };
  const root = options.managementUrl.replace(/\/+$/, '').replace(/\/api$/, '');
  const vhostName = options.vhost ?? '/';
  const vhost = encodeURIComponent(vhostName);
  const authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;

  const names = queues.flatMap((queue) => [queue, deadLetterQueueName(queue)]);
  // One request for all of them: a GET per queue and per dead letter queue cost the broker (and
  // this process) one statistics lookup and one HTTP exchange each, every interval, at rest too.
  const url =
    `${root}/api/queues/${vhost}?page=1&page_size=${Math.max(1, names.length)}&use_regex=true` +
    `&name=${encodeURIComponent(`^(${names.map(escapeRegExp).join('|')})$`)}` +
    `&columns=${COLUMNS}`;

  const setGauges = (queue: string, info: QueueInfo, deadLetters: QueueInfo): void => {
    const labels = { queue };
    gauges.depth.set(labels, info.messages ?? 0);
    gauges.consumers.set(labels, info.consumers ?? 0);
    gauges.deadLetters.set(labels, deadLetters.messages ?? 0);
    gauges.published.set(labels, info.message_stats?.publish ?? 0);
    gauges.delivered.set(labels, info.message_stats?.deliver_get ?? 0);
    const age = oldestWaitingAge(info, newestDeliveredPublishTime(registry, queue), Date.now());
    if (age === undefined)
      gauges.oldestAge.remove(labels); // unknown: no series, not a made-up 0
    else gauges.oldestAge.set(labels, age);
  };

  const refresh = async (): Promise<void> => {
    if (queues.length === 0) return;
    let page: QueuePage;
    try {
      page = await getManagementJson<QueuePage>(url, { authorization, timeoutMs });
    } catch (error) {
      // A failed read keeps the last figures; the scrape shows them, the error goes to the log.
      queues.forEach((queue) => options.onError?.(queue, error));
      return;
    }
    const byName = new Map(page.items.map((item) => [item.name, item]));
    for (const queue of queues) {
      const info = byName.get(queue);
      const deadLetters = byName.get(deadLetterQueueName(queue));
      if (info === undefined || deadLetters === undefined) {
        const missing = info === undefined ? queue : deadLetterQueueName(queue);
        options.onError?.(queue, new Error(`queue ${missing} not found in vhost ${vhostName}`));
        continue;
      }
      setGauges(queue, info, deadLetters);
    }
  };

  const timer = intervalMs > 0 ? setInterval(() => void refresh(), intervalMs) : undefined;
  timer?.unref(); // monitoring must never keep the process alive
  return { refresh, stop: () => clearInterval(timer) };
};
