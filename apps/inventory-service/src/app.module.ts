import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PlatformModule, type ServiceContext } from '@pattern-shop/platform';
import { databaseProbe, PersistenceModule } from '@pattern-shop/persistence';
import { RabbitConnection, RabbitMqModule, rabbitMqProbe } from '@pattern-shop/messaging-rabbitmq';
import { KafkaModule, KafkaProbe } from '@pattern-shop/messaging-kafka';
import type { InventoryServiceConfig } from './inventory-service.config.js';

/** Wires inventory-service: owns stock and reservations; answers availability and consumes inventory commands. */
@Module({})
export class AppModule {
  static register({
    config,
    logger,
    metrics,
  }: ServiceContext<InventoryServiceConfig>): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          applicationName: 'inventory-service',
        }),
        RabbitMqModule.forRoot({
          url: config.RABBITMQ_URL,
          connectionName: 'inventory-service',
          logger,
        }),
        KafkaModule.forRoot({
          clientId: 'inventory-service',
          brokers: config.KAFKA_BROKERS,
          logger,
        }),
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
