import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PlatformModule, type ServiceContext } from '@pattern-shop/platform';
import { databaseProbe, PersistenceModule } from '@pattern-shop/persistence';
import { RabbitConnection, RabbitMqModule, rabbitMqProbe } from '@pattern-shop/messaging-rabbitmq';
import { KafkaModule, KafkaProbe } from '@pattern-shop/messaging-kafka';
import type { PaymentServiceConfig } from './payment-service.config.js';

/** Wires payment-service: owns payments and refunds; consumes payment commands and calls the card processor. */
@Module({})
export class AppModule {
  static register({
    config,
    logger,
    metrics,
  }: ServiceContext<PaymentServiceConfig>): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PersistenceModule.forRoot({ url: config.DATABASE_URL, applicationName: 'payment-service' }),
        RabbitMqModule.forRoot({
          url: config.RABBITMQ_URL,
          connectionName: 'payment-service',
          logger,
        }),
        KafkaModule.forRoot({ clientId: 'payment-service', brokers: config.KAFKA_BROKERS, logger }),
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
