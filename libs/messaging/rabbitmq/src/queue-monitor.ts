import { deadLetterQueueName } from '@pattern-shop/contracts';
import { Gauge, type Metric, type Registry } from 'prom-client';

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

/** The fields read from `GET /api/queues/<vhost>/<name>`. */
type QueueInfo = {
  messages?: number;
  consumers?: number;
  head_message_timestamp?: number | null;
  message_stats?: { publish?: number; deliver_get?: number };
};

const GAUGES = {
  depth: ['rabbitmq_queue_depth', 'Messages in the queue, ready plus unacknowledged.'],
  consumers: ['rabbitmq_queue_consumers', 'Consumers attached to the queue.'],
  deadLetters: ['rabbitmq_dead_letter_depth', 'Messages in the queue dead letters, Q.dlq.'],
  oldestAge: [
    'rabbitmq_queue_oldest_message_age_seconds',
    'Age of the message at the head of the queue, from its AMQP timestamp; absent when the ' +
      'broker does not report it (quorum queues, messages without a timestamp).',
  ],
  published: [
    'rabbitmq_published_total',
    'Messages published into the queue since the broker started counting (management API).',
  ],
  delivered: [
    'rabbitmq_delivered_total',
    'Messages delivered to consumers of the queue, redeliveries included (management API).',
  ],
} as const;

const gaugeOnce = (registry: Registry, [name, help]: readonly [string, string]): Gauge =>
  (registry.getSingleMetric(name) as (Metric & Gauge) | undefined) ??
  new Gauge({ name, help, labelNames: ['queue'], registers: [registry] });

/**
 * Polls the management API for what operators of queues watch. The API's figures are refreshed
 * by the broker every few seconds (`collect_statistics_interval`), so they lag by that much.
 * The published/delivered totals are the broker's own counters, exported as gauges: they restart
 * from 0 when the queue is declared again, which `rate()` treats as a counter reset.
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
  const vhost = encodeURIComponent(options.vhost ?? '/');
  const authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;

  const read = async (name: string): Promise<QueueInfo> => {
    const url = `${root}/api/queues/${vhost}/${encodeURIComponent(name)}`;
    const response = await fetch(url, {
      headers: { authorization },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
    return (await response.json()) as QueueInfo;
  };

  const refreshQueue = async (queue: string): Promise<void> => {
    const [info, deadLetters] = await Promise.all([read(queue), read(deadLetterQueueName(queue))]);
    const labels = { queue };
    gauges.depth.set(labels, info.messages ?? 0);
    gauges.consumers.set(labels, info.consumers ?? 0);
    gauges.deadLetters.set(labels, deadLetters.messages ?? 0);
    gauges.published.set(labels, info.message_stats?.publish ?? 0);
    gauges.delivered.set(labels, info.message_stats?.deliver_get ?? 0);
    // Seconds since the epoch; only classic queues report it, and only for timestamped messages.
    const head = info.head_message_timestamp;
    if (typeof head === 'number' && head > 0) {
      gauges.oldestAge.set(labels, Math.max(0, Date.now() / 1_000 - head));
    } else {
      gauges.oldestAge.remove(labels); // an empty queue or an unknown age: no series, not 0
    }
  };

  const refresh = async (): Promise<void> => {
    const results = await Promise.allSettled(queues.map(refreshQueue));
    results.forEach((result, index) => {
      // A failed read keeps the last figures; the scrape shows them, the error goes to the log.
      if (result.status === 'rejected') options.onError?.(queues[index] ?? '', result.reason);
    });
  };

  const timer = intervalMs > 0 ? setInterval(() => void refresh(), intervalMs) : undefined;
  timer?.unref(); // monitoring must never keep the process alive
  return { refresh, stop: () => clearInterval(timer) };
};
