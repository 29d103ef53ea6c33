import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { RabbitConnection } from '@pattern-shop/messaging-rabbitmq';
import type { Logger, Registry } from '@pattern-shop/observability';
import { LOGGER, METRICS_REGISTRY } from '@pattern-shop/platform';
import { ACCESS_TOKENS, type AccessTokenSettings } from '../access/bearer-access.js';
import { CatalogueLookup } from '../catalogue/catalogue-lookup.js';
import { CatalogueModule } from '../catalogue/catalogue.module.js';
import { CheckoutSagaRuntime } from '../checkout-saga/checkout-saga.runtime.js';
import { CheckoutSagaModule } from '../checkout-saga/checkout-saga.module.js';
import { DatabaseClock } from '../clock/database-clock.js';
import { ORDER_SERVICE_CONFIG, type OrderServiceConfig } from '../order-service.config.js';
import { API_DATA_SOURCE } from '../persistence/api-data-source.js';
import { countSagasInFlight, OrderAdmission } from './order-admission.js';
import { PlaceOrderHandler } from './place-order.handler.js';
import { PlaceOrderHttpController } from './place-order.http.controller.js';
import { PublishAfterCommit } from './publish-after-commit.js';

/** POST /orders (pattern 1): admission, pricing, and the one transaction that starts the saga. */
@Module({
  imports: [CatalogueModule, CheckoutSagaModule],
  controllers: [PlaceOrderHttpController],
  providers: [
    {
      provide: OrderAdmission,
      inject: [ORDER_SERVICE_CONFIG, DataSource, METRICS_REGISTRY, LOGGER],
      useFactory: (
        config: OrderServiceConfig,
        dataSource: DataSource,
        metrics: Registry,
        logger: Logger,
      ) =>
        new OrderAdmission(
          {
            maxRequestsInFlight: config.ORDER_MAX_REQUESTS_IN_FLIGHT,
            maxSagasInFlight: config.ORDER_MAX_SAGAS_IN_FLIGHT,
            refreshMs: config.ORDER_ADMISSION_REFRESH_MS,
          },
          () => countSagasInFlight(dataSource.manager),
          metrics,
          logger,
        ),
    },
    {
      provide: PublishAfterCommit,
      inject: [ORDER_SERVICE_CONFIG, RabbitConnection, Kafka, LOGGER],
      useFactory: (
        config: OrderServiceConfig,
        rabbit: RabbitConnection,
        kafka: Kafka,
        logger: Logger,
      ) =>
        config.WEAK_MECHANISMS.includes('publish-after-commit')
          ? new PublishAfterCommit(rabbit, kafka, logger)
          : undefined,
    },
    {
      provide: PlaceOrderHandler,
      inject: [
        ORDER_SERVICE_CONFIG,
        API_DATA_SOURCE,
        DatabaseClock,
        ACCESS_TOKENS,
        CatalogueLookup,
        CheckoutSagaRuntime,
        PublishAfterCommit,
      ],
      useFactory: (
        config: OrderServiceConfig,
        dataSource: DataSource,
        clock: DatabaseClock,
        accessTokens: AccessTokenSettings,
        catalogue: CatalogueLookup,
        checkout: CheckoutSagaRuntime,
        publishAfterCommit: PublishAfterCommit | undefined,
      ) =>
        new PlaceOrderHandler({
          dataSource,
          catalogue,
          now: clock.now,
          newId: randomUUID,
          accessTokens,
          checkout,
          deadlineMs: config.ORDER_REQUEST_DEADLINE_MS,
          publishAfterCommit,
        }),
    },
  ],
})
export class PlaceOrderModule {}
