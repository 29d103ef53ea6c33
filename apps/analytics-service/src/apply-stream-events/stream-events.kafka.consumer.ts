import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Kafka } from 'kafkajs';
import {
  deadLetterTopicSpec,
  ensureKafkaTopics,
  EVENT_TOPIC_SETTINGS,
  IdempotentProducer,
  KafkaDeadLetters,
  kafkaStreamConsumer,
  type StreamConsumer,
  type StreamRecord,
} from '@pattern-shop/messaging-kafka';
import type { Logger, Registry } from '@pattern-shop/observability';
import { LOGGER, METRICS_REGISTRY } from '@pattern-shop/platform';
import { backoffDelay } from '@pattern-shop/resilience';
import { DataSource } from 'typeorm';
import { ANALYTICS_CONFIG, type AnalyticsServiceConfig } from '../analytics-service.config.js';
import { ensureProjectionTables } from '../persistence/projections/projection-schema.js';
import { ApplyStreamBatchHandler } from './apply-stream-batch.handler.js';
import { streamMetrics } from './stream-metrics.js';

/**
 * Consumer group `analytics` over the event topics (pattern 4). Kafka may be down at start: the
 * topics (and `<group>.dlq`) are ensured with growing pauses, then the group joins; the service
 * answers queries from the projections meanwhile.
 */
@Injectable()
export class StreamEventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly producer: IdempotentProducer;
  private readonly consumer: StreamConsumer;
  private readonly metrics: ReturnType<typeof streamMetrics>;
  private stopped = false;

  constructor(
    @Inject(Kafka) private readonly kafka: Kafka,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ANALYTICS_CONFIG) private readonly config: AnalyticsServiceConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.producer = new IdempotentProducer(kafka);
    this.consumer = kafkaStreamConsumer(
      kafka,
      {
        groupId: config.ANALYTICS_CONSUMER_GROUP,
        topics: config.ANALYTICS_TOPICS,
        fromBeginning: true,
        sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
        heartbeatIntervalMs: config.KAFKA_HEARTBEAT_INTERVAL_MS,
        partitionsConsumedConcurrently: config.ANALYTICS_PARTITIONS_CONCURRENTLY,
      },
      logger,
    );
    this.metrics = streamMetrics(registry, kafka, config.ANALYTICS_CONSUMER_GROUP, () =>
      this.consumer.assignment(),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await ensureProjectionTables(this.dataSource, this.config.ANALYTICS_SCHEMA);
    void this.startWhenTopicsExist();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.consumer.stop();
    await this.producer.close();
    await this.metrics.close();
  }

  private async startWhenTopicsExist(): Promise<void> {
    const group = this.config.ANALYTICS_CONSUMER_GROUP;
    const topics = [
      ...this.config.ANALYTICS_TOPICS.map((topic) => ({ topic, ...EVENT_TOPIC_SETTINGS })),
      deadLetterTopicSpec(group),
    ];
    const handler = new ApplyStreamBatchHandler({
      dataSource: this.dataSource,
      schema: this.config.ANALYTICS_SCHEMA,
      deadLetters: new KafkaDeadLetters(this.producer, group),
      now: () => new Date(),
      noInbox: this.config.WEAK_MECHANISMS.includes('no-inbox'),
    });
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        await ensureKafkaTopics(this.kafka, topics, {
          log: (fields, message) => this.logger.info(fields, message),
        });
        await this.consumer.start(async (batch, controls) => {
          const outcome = await handler.handle(batch, controls);
          this.metrics.batchApplied(batch.topic, outcome);
          this.logApplied(batch.records);
          this.crashIfAsked(outcome.orderIds);
          return new Map(
            [...outcome.projections].map(([offset, names]) => [
              offset,
              { 'shop.projections': names.length === 0 ? 'none' : names.join(',') },
            ]),
          );
        });
        this.logger.info(
          { group, topics: this.config.ANALYTICS_TOPICS },
          'stream consumer started',
        );
        return;
      } catch (error) {
        await this.consumer.stop().catch(() => undefined);
        const delayMs = backoffDelay(attempt, { baseMs: 500, maxMs: 10_000 });
        this.logger.warn(
          { attempt, delayMs, reason: String(error) },
          'stream consumer not started yet',
        );
        await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
      }
    }
  }

  /**
   * One line per record of a committed batch, with the correlation id and trace id its headers
   * carry: a batch mixes many orders, so no single id fits the batch, yet every order must be
   * findable in this service's logs too.
   */
  private logApplied(records: readonly StreamRecord[]): void {
    for (const { topic, partition, offset, key, headers } of records) {
      this.logger.info(
        {
          correlationId: headers['correlation-id'],
          traceId: headers['traceparent']?.split('-')[1],
          topic,
          partition,
          offset,
          orderId: key,
          type: headers['type'],
        },
        'stream record applied',
      );
    }
  }

  /** The crash lab: the projection committed, the offset not yet; SIGKILL runs no cleanup. */
  private crashIfAsked(orderIds: readonly string[]): void {
    const target = this.config.ANALYTICS_CRASH_AFTER_APPLYING_ORDER;
    if (target === undefined || !orderIds.includes(target)) return;
    this.logger.warn({ orderId: target }, 'crashing after the projection commit, as configured');
    process.kill(process.pid, 'SIGKILL');
  }
}
