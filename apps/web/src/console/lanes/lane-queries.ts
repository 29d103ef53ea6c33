/** How a figure is read: a count, a rate per second, seconds, or a breaker state (0, 1, 2). */
export type FigureUnit = 'count' | 'per-second' | 'seconds' | 'breaker' | 'timestamp';

/** One figure of a lane: an instant PromQL query; each series it returns is one row. */
export type FigureQuery = Readonly<{ id: string; label: string; promql: string; unit: FigureUnit }>;

/** One lane of the console: its figures now, and the first figure drawn over the last minutes. */
export type LaneQuery = Readonly<{
  id: string;
  title: string;
  figures: readonly FigureQuery[];
  chart: Readonly<{ promql: string; unit: FigureUnit }>;
}>;

// The metric names come from the services' metrics code and infra/prometheus/rules.
const requestRate = 'sum by (service) (rate(http_server_request_duration_seconds_count[1m]))';
const queueDepth = 'max by (queue) (rabbitmq_queue_depth)';
const kafkaLag = 'sum by (group, topic, partition) (kafka_consumer_lag)';
const outboxPending = 'max by (service) (outbox_pending_rows)';
const sagasByState = 'max by (state) (checkout_sagas)';
const pushRate = 'sum(rate(realtime_pushes_total[1m]))';

/** The seven lanes (docs/web.md, "Console"). */
export const LANES: readonly LaneQuery[] = [
  {
    id: 'requests',
    title: 'Requests and breakers',
    figures: [
      { id: 'rate', label: 'requests per second', promql: requestRate, unit: 'per-second' },
      {
        id: 'p95',
        label: 'p95 latency',
        promql:
          'histogram_quantile(0.95, sum by (service, le) (rate(http_server_request_duration_seconds_bucket[1m])))',
        unit: 'seconds',
      },
      {
        id: 'breakers',
        label: 'breaker state',
        promql: 'max by (service, target) (circuit_breaker_state)',
        unit: 'breaker',
      },
    ],
    chart: { promql: requestRate, unit: 'per-second' },
  },
  {
    id: 'queues',
    title: 'Queues, retries and dead letters',
    figures: [
      { id: 'depth', label: 'depth', promql: queueDepth, unit: 'count' },
      {
        id: 'oldest',
        label: 'oldest message age',
        promql: 'max by (queue) (rabbitmq_queue_oldest_message_age_seconds)',
        unit: 'seconds',
      },
      {
        id: 'retries',
        label: 'retries, last 5 min',
        promql:
          'sum by (queue) (increase(rabbitmq_messages_handled_total{outcome="retried"}[5m])) > 0',
        unit: 'count',
      },
      {
        id: 'dead-letters',
        label: 'dead letters',
        promql: 'max by (queue) (rabbitmq_dead_letter_depth)',
        unit: 'count',
      },
    ],
    chart: { promql: queueDepth, unit: 'count' },
  },
  {
    id: 'kafka',
    title: 'Kafka lag',
    figures: [{ id: 'lag', label: 'lag per partition', promql: kafkaLag, unit: 'count' }],
    chart: { promql: 'sum by (group, topic) (kafka_consumer_lag)', unit: 'count' },
  },
  {
    id: 'outbox',
    title: 'Outbox',
    figures: [
      { id: 'pending', label: 'pending rows', promql: outboxPending, unit: 'count' },
      {
        id: 'age',
        label: 'oldest pending age',
        promql: 'max by (service) (outbox_oldest_pending_age_seconds)',
        unit: 'seconds',
      },
    ],
    chart: { promql: outboxPending, unit: 'count' },
  },
  {
    id: 'sagas',
    title: 'Checkout sagas',
    figures: [
      { id: 'states', label: 'sagas by state', promql: sagasByState, unit: 'count' },
      {
        id: 'oldest',
        label: 'oldest in flight',
        promql: 'max(checkout_saga_oldest_in_flight_age_seconds)',
        unit: 'seconds',
      },
    ],
    chart: { promql: sagasByState, unit: 'count' },
  },
  {
    id: 'realtime',
    title: 'Realtime',
    figures: [
      {
        id: 'connections',
        label: 'open connections',
        promql: 'sum(realtime_open_connections)',
        unit: 'count',
      },
      { id: 'pushes', label: 'pushes per second', promql: pushRate, unit: 'per-second' },
    ],
    chart: { promql: pushRate, unit: 'per-second' },
  },
  {
    id: 'nightly',
    title: 'Last nightly run',
    figures: [
      {
        id: 'checked-until',
        label: 'checked until',
        promql: 'max by (batch_job) (batch_job_checked_until_timestamp_seconds)',
        unit: 'timestamp',
      },
      {
        id: 'failed',
        label: 'last run failed (1 = yes)',
        promql: 'max by (batch_job) (batch_job_last_run_failed)',
        unit: 'count',
      },
      {
        id: 'findings',
        label: 'findings',
        promql: 'max by (batch_job, kind) (batch_job_mismatches)',
        unit: 'count',
      },
    ],
    chart: { promql: 'max by (batch_job) (batch_job_rows_checked)', unit: 'count' },
  },
];
