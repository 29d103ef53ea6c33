import { randomUUID } from 'node:crypto';
import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { QUEUES } from '@pattern-shop/contracts';
import { ExpiredCommands, InboxMigrations } from '@pattern-shop/messaging-inbox';
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
import { ChargePaymentHandler } from './charge-payment/charge-payment.handler.js';
import {
  PAYMENT_COMMANDS,
  type PaymentCommandDeps,
} from './payment-commands/payment-command-deps.js';
import {
  COMMAND_SETTINGS,
  PaymentCommandsConsumer,
} from './payment-commands/payment-commands.rmq.consumer.js';
import { PaymentProviderGateway } from './payment-provider/payment-provider.gateway.js';
import type { PaymentServiceConfig } from './payment-service.config.js';
import { PAYMENT_MIGRATIONS } from './persistence/migrations/index.js';
import { ReconciliationHttpController } from './reconciliation/reconciliation.http.controller.js';
import { RefundPaymentHandler } from './refund-payment/refund-payment.handler.js';
import { VoidPaymentHandler } from './void-payment/void-payment.handler.js';

const HANDLER_DEPS = Symbol('HANDLER_DEPS');

/**
 * Wires payment-service: owns payments and refunds; consumes payment commands and calls the card
 * processor; shows its payments to the nightly reconciliation.
 */
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
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          applicationName: 'payment-service',
          migrations: [...OutboxMigrations, ...InboxMigrations, ...PAYMENT_MIGRATIONS],
        }),
        RabbitMqModule.forRoot({
          url: config.RABBITMQ_URL,
          connectionName: 'payment-service',
          logger,
          subscriptionDefaults: {
            service: 'payment-service',
            ackBeforeEffect: config.WEAK_MECHANISMS.includes('ack-before-effect'),
            unboundedRetries: config.WEAK_MECHANISMS.includes('unbounded-retries'),
          },
          queueMonitor: {
            managementUrl: config.RABBITMQ_MANAGEMENT_URL,
            queues: [QUEUES.paymentCommands],
            registry: metrics,
          },
        }),
        KafkaModule.forRoot({
          clientId: 'payment-service',
          brokers: config.KAFKA_BROKERS,
          logger,
          topics: SYSTEM_KAFKA_TOPICS,
        }),
        OutboxModule.forRoot({ service: 'payment-service', metrics, logger }),
        PlatformModule.forRoot({
          logger,
          metrics,
          // The provider is not a readiness dependency: it is outside, and its breaker degrades
          // calls to retries; an instance that cannot reach it still drains refunds as failures.
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
      controllers: [ReconciliationHttpController],
      providers: [
        { provide: ADMIN_TOKEN, useValue: config.ADMIN_TOKEN },
        {
          provide: HANDLER_DEPS,
          inject: [DataSource],
          useFactory: (dataSource: DataSource): PaymentCommandDeps => ({
            dataSource,
            provider: new PaymentProviderGateway(config, metrics, logger),
            newId: randomUUID,
            now: () => new Date(),
          }),
        },
        {
          provide: ChargePaymentHandler,
          inject: [HANDLER_DEPS],
          useFactory: (deps: PaymentCommandDeps) =>
            new ChargePaymentHandler(
              deps,
              new ExpiredCommands({
                dataSource: deps.dataSource,
                consumer: PAYMENT_COMMANDS.consumer,
                graceMs: config.COMMAND_EXPIRY_GRACE_MS,
                now: deps.now,
                metrics,
                logger,
                // Compensations (RefundPayment, VoidPayment) never expire: they must always run.
                types: ['ChargePayment'],
              }),
            ),
        },
        {
          provide: RefundPaymentHandler,
          inject: [HANDLER_DEPS],
          useFactory: (deps: PaymentCommandDeps) => new RefundPaymentHandler(deps),
        },
        {
          provide: VoidPaymentHandler,
          inject: [HANDLER_DEPS],
          useFactory: (deps: PaymentCommandDeps) => new VoidPaymentHandler(deps),
        },
        {
          provide: COMMAND_SETTINGS,
          useValue: {
            prefetch: config.COMMAND_PREFETCH,
            maxAttempts: config.COMMAND_MAX_ATTEMPTS,
            retryDelaysMs: config.COMMAND_RETRY_DELAYS_MS,
          } satisfies ConsumerSettings,
        },
        PaymentCommandsConsumer,
      ],
    };
  }
}
