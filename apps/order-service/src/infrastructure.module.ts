import { type DynamicModule, Module } from '@nestjs/common';
import { QUEUES } from '@pattern-shop/contracts';
import { outboxServiceModules } from '@pattern-shop/messaging-outbox';
import { PersistenceModule } from '@pattern-shop/persistence';
import { type ServiceContext } from '@pattern-shop/platform';
import { ORDER_SERVICE_CONFIG, type OrderServiceConfig } from './order-service.config.js';
import { API_DATA_SOURCE, API_DATABASE } from './persistence/api-data-source.js';
import { ORDER_MIGRATIONS } from './persistence/migrations/index.js';

/**
 * What every use case of order-service stands on: the orders database (a background pool that
 * runs the migrations, and the API's own pool), RabbitMQ, Kafka, the outbox relay, health and
 * metrics, and the validated configuration. Global, so each use-case module just injects them.
 */
@Module({})
export class InfrastructureModule {
  static register({ config, logger, metrics }: ServiceContext<OrderServiceConfig>): DynamicModule {
    return {
      module: InfrastructureModule,
      global: true,
      imports: outboxServiceModules({
        service: 'order-service',
        config,
        logger,
        metrics,
        migrations: ORDER_MIGRATIONS,
        pool: { max: config.DATABASE_BACKGROUND_POOL_MAX },
        more: [
          PersistenceModule.forRoot({
            name: API_DATABASE,
            url: config.DATABASE_URL,
            applicationName: 'order-service-api',
            pool: { max: config.DATABASE_POOL_MAX },
          }),
        ],
        // The command queues too: a frozen consumer's own gauges freeze with it (RabbitMQQueueStalled).
        monitoredQueues: [
          QUEUES.orderProductEvents,
          QUEUES.orderSagaReplies,
          QUEUES.paymentCommands,
          QUEUES.inventoryCommands,
        ],
        readyWhen: API_DATA_SOURCE,
      }),
      providers: [{ provide: ORDER_SERVICE_CONFIG, useValue: config }],
      exports: [ORDER_SERVICE_CONFIG],
    };
  }
}
