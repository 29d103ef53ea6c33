import { type DynamicModule, Module } from '@nestjs/common';
import { QUEUES } from '@pattern-shop/contracts';
import { outboxServiceModules } from '@pattern-shop/messaging-outbox';
import { SCOPED_TOKENS, scopedTokensOf, type ServiceContext } from '@pattern-shop/platform';
import type { PaymentServiceConfig } from './payment-service.config.js';
import { PAYMENT_MIGRATIONS } from './persistence/migrations/index.js';

/**
 * What payment-service runs on: its database, RabbitMQ, Kafka, the outbox relay, health and
 * metrics, and the scoped tokens. Global, so each use-case module only declares its own
 * controllers, handlers and consumers. The provider is not a readiness dependency: it is outside,
 * and its breaker degrades calls to retries; an instance that cannot reach it still drains refunds
 * as failures.
 */
@Module({})
export class InfrastructureModule {
  static register({
    config,
    logger,
    metrics,
  }: ServiceContext<PaymentServiceConfig>): DynamicModule {
    return {
      module: InfrastructureModule,
      global: true,
      imports: outboxServiceModules({
        service: 'payment-service',
        config,
        logger,
        metrics,
        migrations: PAYMENT_MIGRATIONS,
        monitoredQueues: [QUEUES.paymentCommands],
      }),
      providers: [{ provide: SCOPED_TOKENS, useValue: scopedTokensOf(config) }],
      exports: [SCOPED_TOKENS],
    };
  }
}
