import type { ConsumeMessage } from 'amqplib';
import { Counter, Histogram, type Metric, type Registry } from 'prom-client';

/**
 * What became of one delivery: `handled` (acked after the handler resolved), `retried` (a copy
 * went to a retry queue), `dead_lettered` (to `Q.dlq` after its attempts, or unhandleable) and
 * `parked` (to `Q.dlq` unhandled because it kept crashing the consumer). A duplicate is
 * `handled`: only the inbox, inside the handler, can tell it apart.
 */
export const DELIVERY_OUTCOMES = ['handled', 'retried', 'dead_lettered', 'parked'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

/** One subscription's view of the shared metrics: every series carries its `queue` label. */
export type SubscriberMetrics = Readonly<{
  recordOutcome: (outcome: DeliveryOutcome) => void;
  /** Seconds the message waited in the queue before its handling started. */
  recordWait: (seconds: number) => void;
  /** Starts timing the handler; the returned function stops the clock. */
  startHandling: () => () => void;
  /** A message refused before any handling, e.g. for its signature (docs/security.md). */
  recordRejected: (reason: RejectionReason) => void;
}>;

/** Why a message was refused before it reached its handler. */
export type RejectionReason = 'signature';

/**
 * Per registry (one per service) and queue: when the newest message this process received for
 * the first time was published (epoch ms). The queue monitor estimates the age of the oldest
 * waiting message from it where the broker cannot tell (quorum queues): the queue is FIFO, so
 * the message at its head was published at or after this one, and is at most `now - this` old.
 */
const newestDelivered = new WeakMap<Registry, Map<string, number>>();

export const newestDeliveredPublishTime = (registry: Registry, queue: string): number | undefined =>
  newestDelivered.get(registry)?.get(queue);

const noteDelivered = (registry: Registry, queue: string, publishedAtMs: number): void => {
  const byQueue = newestDelivered.get(registry) ?? new Map<string, number>();
  byQueue.set(queue, Math.max(byQueue.get(queue) ?? 0, publishedAtMs));
  newestDelivered.set(registry, byQueue);
};

/** Several subscriptions share one registry: each metric is created once, then found by name. */
const metricOnce = <M extends Metric>(registry: Registry, name: string, create: () => M): M =>
  (registry.getSingleMetric(name) as M | undefined) ?? create();

export const subscriberMetrics = (
  registry: Registry,
  queue: string,
  { verifiesSignatures = false }: Readonly<{ verifiesSignatures?: boolean }> = {},
): SubscriberMetrics => {
  const registers = [registry];
  const handled = metricOnce(
    registry,
    'rabbitmq_messages_handled_total',
    () =>
      new Counter({
        name: 'rabbitmq_messages_handled_total',
        help: 'Deliveries settled per queue, by outcome: handled, retried, dead_lettered, parked.',
        labelNames: ['queue', 'outcome'],
        registers,
      }),
  );
  const handling = metricOnce(
    registry,
    'rabbitmq_message_handling_seconds',
    () =>
      new Histogram({
        name: 'rabbitmq_message_handling_seconds',
        help: 'Time spent in the message handler per queue, failed handlings included.',
        labelNames: ['queue'],
        buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers,
      }),
  );
  const wait = metricOnce(
    registry,
    'rabbitmq_message_wait_seconds',
    () =>
      new Histogram({
        name: 'rabbitmq_message_wait_seconds',
        help:
          'Time a message waited in the queue before its handling started (first deliveries ' +
          'only), from its AMQP timestamp, else from the envelope occurredAt.',
        labelNames: ['queue'],
        buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600],
        registers,
      }),
  );
  const rejected = metricOnce(
    registry,
    'messages_rejected_total',
    () =>
      new Counter({
        name: 'messages_rejected_total',
        help: 'Messages refused before their handler ran, per queue and reason (signature: missing, wrong or from a producer not trusted for the type).',
        labelNames: ['queue', 'reason'],
        registers,
      }),
  );
  // Zeroed up front, so a dashboard shows every outcome from the start.
  for (const outcome of DELIVERY_OUTCOMES) handled.inc({ queue, outcome }, 0);
  if (verifiesSignatures) rejected.inc({ queue, reason: 'signature' }, 0);

  return {
    recordOutcome: (outcome) => handled.inc({ queue, outcome }),
    recordWait: (seconds) => {
      wait.observe({ queue }, seconds);
      noteDelivered(registry, queue, Date.now() - seconds * 1_000);
    },
    startHandling: () => {
      const stop = handling.startTimer({ queue });
      return () => void stop();
    },
    recordRejected: (reason) => rejected.inc({ queue, reason }),
  };
};

/**
 * Seconds `message` waited before `now`, or undefined for a retry or a crash redelivery (their
 * wait would include the retry delay or an earlier handling). Both the AMQP `timestamp` (whole
 * seconds, rounded down) and `occurredAt` (the fact happened before its publication) are at or
 * before the publication, so the later of the two is the tighter start.
 */
export const waitSecondsOf = (
  message: ConsumeMessage,
  occurredAt: string,
  now: Date,
): number | undefined => {
  if (message.properties.headers?.['x-attempts'] !== undefined) return undefined;
  if (message.fields.redelivered) return undefined;
  const timestamp: unknown = message.properties.timestamp;
  const published = typeof timestamp === 'number' && timestamp > 0 ? timestamp * 1_000 : NaN;
  const since = Math.max(...[published, Date.parse(occurredAt)].filter(Number.isFinite));
  if (!Number.isFinite(since)) return undefined;
  return Math.max(0, (now.getTime() - since) / 1_000);
};
