import { randomUUID } from 'node:crypto';
import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InboxMigrations } from '@pattern-shop/messaging-inbox';
import { KafkaModule, KafkaProbe, SYSTEM_KAFKA_TOPICS } from '@pattern-shop/messaging-kafka';
import { OutboxMigrations, OutboxModule } from '@pattern-shop/messaging-outbox';
import { RabbitConnection, RabbitMqModule, rabbitMqProbe } from '@pattern-shop/messaging-rabbitmq';
import { databaseProbe, PersistenceModule } from '@pattern-shop/persistence';
import { PlatformModule, type ServiceContext } from '@pattern-shop/platform';
import { ACCESS_TOKENS } from './access/bearer-access.js';
import { CatalogueLookup } from './catalogue/catalogue-lookup.js';
import { inventoryAvailabilityBreaker } from './catalogue/inventory-availability.breaker.js';
import { ProductFactsConsumer } from './catalogue/product-facts.rmq.consumer.js';
import { GetOrderHttpController } from './get-order/get-order.http.controller.js';
import { ListOrdersHttpController } from './list-orders/list-orders.http.controller.js';
import type { OrderServiceConfig } from './order-service.config.js';
import { ORDER_MIGRATIONS } from './persistence/migrations/index.js';
import { PlaceOrderHandler } from './place-order/place-order.handler.js';
import { PlaceOrderHttpController } from './place-order/place-order.http.controller.js';

/** Wires order-service: takes orders over REST and orchestrates the checkout saga (patterns 1 and 5). */
@Module({})
export class AppModule {
  static register({ config, logger, metrics }: ServiceContext<OrderServiceConfig>): DynamicModule {
    const tokens = {
      secret: config.ACCESS_TOKEN_SECRET,
      ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
      now: () => new Date(),
    };
    return {
      module: AppModule,
      imports: [
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          applicationName: 'order-service',
          migrations: [...OutboxMigrations, ...InboxMigrations, ...ORDER_MIGRATIONS],
          pool: { max: config.DATABASE_POOL_MAX },
        }),
        RabbitMqModule.forRoot({
          url: config.RABBITMQ_URL,
          connectionName: 'order-service',
          logger,
        }),
        KafkaModule.forRoot({
          clientId: 'order-service',
          brokers: config.KAFKA_BROKERS,
          logger,
          topics: SYSTEM_KAFKA_TOPICS,
        }),
        OutboxModule.forRoot({ service: 'order-service', metrics, logger }),
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
      controllers: [PlaceOrderHttpController, GetOrderHttpController, ListOrdersHttpController],
      providers: [
        { provide: ACCESS_TOKENS, useValue: tokens },
        {
          provide: CatalogueLookup,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) =>
            new CatalogueLookup(
              inventoryAvailabilityBreaker(config, metrics, logger),
              dataSource,
              logger,
            ),
        },
        {
          provide: PlaceOrderHandler,
          inject: [DataSource, CatalogueLookup],
          useFactory: (dataSource: DataSource, catalogue: CatalogueLookup) =>
            new PlaceOrderHandler({
              dataSource,
              catalogue,
              now: () => new Date(),
              newId: randomUUID,
              accessTokens: tokens,
            }),
        },
        ProductFactsConsumer,
      ],
    };
  }
}
