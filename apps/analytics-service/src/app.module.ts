import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  kafkaLoginOf,
  SCOPED_TOKENS,
  scopedTokensOf,
  PlatformModule,
  type ServiceContext,
} from '@pattern-shop/platform';
import { databaseProbe, PersistenceModule } from '@pattern-shop/persistence';
import { KafkaModule, KafkaProbe } from '@pattern-shop/messaging-kafka';
import { ANALYTICS_CONFIG, type AnalyticsServiceConfig } from './analytics-service.config.js';
import { StreamEventsConsumer } from './apply-stream-events/stream-events.kafka.consumer.js';
import { ANALYTICS_MIGRATIONS } from './persistence/migrations/index.js';
import { AnalyticsHttpController } from './query-projections/analytics.http.controller.js';
import { ReplayProgressMetric } from './replay-projections/replay-progress.metric.js';
import { BatchJobMetrics } from './batch-jobs/batch-job-metrics.js';
import { BatchJobSchedule } from './batch-jobs/batch-job-schedule.js';
import { BatchJobsHttpController } from './batch-jobs/batch-jobs.http.controller.js';
import { ReadSalesReportQuery } from './daily-sales-report/read-sales-report.query.js';
import { SalesReportHttpController } from './daily-sales-report/sales-report.http.controller.js';

/** Wires analytics-service: builds projections from the Kafka streams and runs the nightly jobs (patterns 4 and 7). */
@Module({})
export class AppModule {
  static register({
    config,
    logger,
    metrics,
  }: ServiceContext<AnalyticsServiceConfig>): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          applicationName: 'analytics-service',
          migrations: ANALYTICS_MIGRATIONS,
        }),
        KafkaModule.forRoot({
          clientId: 'analytics-service',
          brokers: config.KAFKA_BROKERS,
          login: kafkaLoginOf(config),
          logger,
        }),
        PlatformModule.forRoot({
          logger,
          metrics,
          readiness: {
            inject: [DataSource, KafkaProbe],
            useFactory: (database: DataSource, kafka: KafkaProbe) => [
              databaseProbe(database),
              kafka,
            ],
          },
        }),
      ],
      controllers: [AnalyticsHttpController, BatchJobsHttpController, SalesReportHttpController],
      providers: [
        { provide: ANALYTICS_CONFIG, useValue: config },
        { provide: SCOPED_TOKENS, useValue: scopedTokensOf(config) },
        StreamEventsConsumer,
        ReplayProgressMetric,
        BatchJobMetrics,
        BatchJobSchedule,
        ReadSalesReportQuery,
      ],
    };
  }
}
