import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PlatformModule, type ServiceContext } from '@pattern-shop/platform';
import { databaseProbe, PersistenceModule } from '@pattern-shop/persistence';
import { RabbitConnection, RabbitMqModule, rabbitMqProbe } from '@pattern-shop/messaging-rabbitmq';
import { KafkaModule, KafkaProbe } from '@pattern-shop/messaging-kafka';
import type { OrderServiceConfig } from './order-service.config.js';

/** Wires order-service: takes orders over REST and orchestrates the checkout saga (patterns 1 and 5). */
@Module({})
export class AppModule {
  static register({ config, logger, metrics }: ServiceContext<OrderServiceConfig>): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PersistenceModule.forRoot({ url: config.DATABASE_URL, applicationName: 'order-service' }),
        RabbitMqModule.forRoot({
          url: config.RABBITMQ_URL,
          connectionName: 'order-service',
          logger,
        }),
        KafkaModule.forRoot({ clientId: 'order-service', brokers: config.KAFKA_BROKERS, logger }),
        PlatformModule.forRoot({
          logger,
          metrics,
          readiness: {
            inject: [DataSource, RabbitConnection, KafkaProbe],
            useFactory: (database: DataSource, rabbit: RabbitConnection, kafka: KafkaProbe) => [
              databaseProbe(database),
              rabbitMqProbe(rabbit),
              kafka,
            ],
          },
        }),
      ],
    };
  }
}
