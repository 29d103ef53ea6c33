import { randomUUID } from 'node:crypto';
import { type DynamicModule, Module } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { QUEUES } from '@pattern-shop/contracts';
import { InboxMigrations } from '@pattern-shop/messaging-inbox';
import { KafkaModule, KafkaProbe, SYSTEM_KAFKA_TOPICS } from '@pattern-shop/messaging-kafka';
import { OutboxMigrations, OutboxModule } from '@pattern-shop/messaging-outbox';
import {
  type ConsumerSettings,
  RabbitConnection,
  RabbitMqModule,
  rabbitMqProbe,
} from '@pattern-shop/messaging-rabbitmq';
import { databaseProbe, PersistenceModule } from '@pattern-shop/persistence';
import { ADMIN_TOKEN, PlatformModule, type ServiceContext } from '@pattern-shop/platform';
import { ACCESS_TOKENS } from './access/bearer-access.js';
import { CatalogueLookup } from './catalogue/catalogue-lookup.js';
import { inventoryAvailabilityBreaker } from './catalogue/inventory-availability.breaker.js';
import { ProductFactsConsumer } from './catalogue/product-facts.rmq.consumer.js';
import { CheckoutSagaRuntime } from './checkout-saga/checkout-saga.runtime.js';
import { SagaAdminHttpController } from './checkout-saga/saga-admin.http.controller.js';
import { SAGA_DEADLINE_SETTINGS, SagaDeadlines } from './checkout-saga/saga-deadlines.js';
import { CheckoutSagaMetrics } from './checkout-saga/saga-metrics.js';
import { SagaQueues } from './checkout-saga/saga-queues.js';
import {
  SAGA_REPLY_SETTINGS,
  SagaRepliesConsumer,
} from './checkout-saga/saga-replies.rmq.consumer.js';
import {
  countSagasByStatus,
  oldestInFlightSagaSeconds,
} from './persistence/checkout-saga-queries.js';
import { DatabaseClock, DatabaseClockSync } from './clock/database-clock.js';
import { GetOrderHttpController } from './get-order/get-order.http.controller.js';
import { ListOrdersHttpController } from './list-orders/list-orders.http.controller.js';
import type { OrderServiceConfig } from './order-service.config.js';
import { API_DATA_SOURCE, API_DATABASE } from './persistence/api-data-source.js';
import { ORDER_MIGRATIONS } from './persistence/migrations/index.js';
import { countSagasInFlight, OrderAdmission } from './place-order/order-admission.js';
import { PlaceOrderHandler } from './place-order/place-order.handler.js';
import { PlaceOrderHttpController } from './place-order/place-order.http.controller.js';
import { PublishAfterCommit } from './place-order/publish-after-commit.js';
import { ReconciliationHttpController } from './reconciliation/reconciliation.http.controller.js';

/** Wires order-service: takes orders over REST and orchestrates the checkout saga (patterns 1 and 5). */
@Module({})
export class AppModule {
  static register({ config, logger, metrics }: ServiceContext<OrderServiceConfig>): DynamicModule {
    const clock = new DatabaseClock();
    const tokens = {
      secret: config.ACCESS_TOKEN_SECRET,
      ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
      now: clock.now,
    };
    return {
      module: AppModule,
      imports: [
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          applicationName: 'order-service',
          migrations: [...OutboxMigrations, ...InboxMigrations, ...ORDER_MIGRATIONS],
          pool: { max: config.DATABASE_BACKGROUND_POOL_MAX },
        }),
        PersistenceModule.forRoot({
          name: API_DATABASE,
          url: config.DATABASE_URL,
          applicationName: 'order-service-api',
          pool: { max: config.DATABASE_POOL_MAX },
        }),
        RabbitMqModule.forRoot({
          url: config.RABBITMQ_URL,
          connectionName: 'order-service',
          logger,
          subscriptionDefaults: {
            service: 'order-service',
            ackBeforeEffect: config.WEAK_MECHANISMS.includes('ack-before-effect'),
            unboundedRetries: config.WEAK_MECHANISMS.includes('unbounded-retries'),
          },
          queueMonitor: {
            managementUrl: config.RABBITMQ_MANAGEMENT_URL,
            // The command queues too: a frozen consumer's own gauges freeze with it (RabbitMQQueueStalled).
            queues: [
              QUEUES.orderProductEvents,
              QUEUES.orderSagaReplies,
              QUEUES.paymentCommands,
              QUEUES.inventoryCommands,
            ],
            registry: metrics,
          },
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
            inject: [API_DATA_SOURCE, RabbitConnection, KafkaProbe],
            useFactory: (database: DataSource, rabbit: RabbitConnection, kafka: KafkaProbe) => [
              databaseProbe(database),
              rabbitMqProbe(rabbit),
              kafka,
            ],
          },
        }),
      ],
      controllers: [
        PlaceOrderHttpController,
        GetOrderHttpController,
        ListOrdersHttpController,
        SagaAdminHttpController,
        ReconciliationHttpController,
      ],
      providers: [
        { provide: DatabaseClock, useValue: clock },
        DatabaseClockSync,
        { provide: ACCESS_TOKENS, useValue: tokens },
        { provide: ADMIN_TOKEN, useValue: config.ADMIN_TOKEN },
        {
          provide: CheckoutSagaRuntime,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) =>
            new CheckoutSagaRuntime({
              policy: {
                chargeTimeoutMs: config.SAGA_CHARGE_TIMEOUT_MS,
                reserveTimeoutMs: config.SAGA_RESERVE_TIMEOUT_MS,
                refundTimeoutMs: config.SAGA_REFUND_TIMEOUT_MS,
                compensationRetryDelaysMs: config.SAGA_COMPENSATION_RETRY_DELAYS_MS,
              },
              now: clock.now,
              newId: randomUUID,
              metrics: new CheckoutSagaMetrics(
                metrics,
                () => countSagasByStatus(dataSource.manager),
                () => oldestInFlightSagaSeconds(dataSource.manager),
              ),
              logger,
              commandsExpire: !config.WEAK_MECHANISMS.includes('no-step-deadline'),
            }),
        },
        {
          provide: SAGA_REPLY_SETTINGS,
          useValue: {
            prefetch: config.SAGA_REPLY_PREFETCH,
            retryDelaysMs: config.SAGA_REPLY_RETRY_DELAYS_MS,
          } satisfies ConsumerSettings,
        },
        {
          provide: SAGA_DEADLINE_SETTINGS,
          useValue: {
            pollMs: config.SAGA_DEADLINE_POLL_MS,
            neverFire: config.WEAK_MECHANISMS.includes('no-step-deadline'),
            now: clock.now,
            newId: randomUUID,
          },
        },
        SagaRepliesConsumer,
        SagaDeadlines,
        SagaQueues,
        {
          provide: OrderAdmission,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) =>
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
          provide: CatalogueLookup,
          inject: [API_DATA_SOURCE],
          useFactory: (dataSource: DataSource) =>
            new CatalogueLookup(
              inventoryAvailabilityBreaker(config, metrics, logger),
              dataSource,
              logger,
            ),
        },
        {
          provide: PublishAfterCommit,
          inject: [RabbitConnection, Kafka],
          useFactory: (rabbit: RabbitConnection, kafka: Kafka) =>
            config.WEAK_MECHANISMS.includes('publish-after-commit')
              ? new PublishAfterCommit(rabbit, kafka, logger)
              : undefined,
        },
        {
          provide: PlaceOrderHandler,
          inject: [API_DATA_SOURCE, CatalogueLookup, CheckoutSagaRuntime, PublishAfterCommit],
          useFactory: (
            dataSource: DataSource,
            catalogue: CatalogueLookup,
            checkout: CheckoutSagaRuntime,
            publishAfterCommit: PublishAfterCommit | undefined,
          ) =>
            new PlaceOrderHandler({
              dataSource,
              catalogue,
              now: clock.now,
              newId: randomUUID,
              accessTokens: tokens,
              checkout,
              deadlineMs: config.ORDER_REQUEST_DEADLINE_MS,
              publishAfterCommit,
            }),
        },
        ProductFactsConsumer,
      ],
    };
  }
}
