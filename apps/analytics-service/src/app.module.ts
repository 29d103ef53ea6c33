import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PlatformModule, type ServiceContext } from '@pattern-shop/platform';
import { databaseProbe, PersistenceModule } from '@pattern-shop/persistence';
import { KafkaModule, KafkaProbe } from '@pattern-shop/messaging-kafka';
import type { AnalyticsServiceConfig } from './analytics-service.config.js';

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
        }),
        KafkaModule.forRoot({
          clientId: 'analytics-service',
          brokers: config.KAFKA_BROKERS,
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
    };
  }
}
