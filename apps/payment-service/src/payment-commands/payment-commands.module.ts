import { randomUUID } from 'node:crypto';
import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ExpiredCommands } from '@pattern-shop/messaging-inbox';
import type { ConsumerSettings } from '@pattern-shop/messaging-rabbitmq';
import { messageVerifier } from '@pattern-shop/messaging-signing';
import type { ServiceContext } from '@pattern-shop/platform';
import { ChargePaymentHandler } from '../charge-payment/charge-payment.handler.js';
import { PaymentProviderGateway } from '../payment-provider/payment-provider.gateway.js';
import type { PaymentServiceConfig } from '../payment-service.config.js';
import { RefundPaymentHandler } from '../refund-payment/refund-payment.handler.js';
import { VoidPaymentHandler } from '../void-payment/void-payment.handler.js';
import { PAYMENT_COMMANDS, type PaymentCommandDeps } from './payment-command-deps.js';
import { COMMAND_SETTINGS, PaymentCommandsConsumer } from './payment-commands.rmq.consumer.js';

const HANDLER_DEPS = Symbol('HANDLER_DEPS');

/** The saga's payment step: ChargePayment, RefundPayment and VoidPayment from `payment.commands`. */
@Module({})
export class PaymentCommandsModule {
  static register({
    config,
    logger,
    metrics,
  }: ServiceContext<PaymentServiceConfig>): DynamicModule {
    return {
      module: PaymentCommandsModule,
      providers: [
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
            verifier: messageVerifier({
              'order-service': config.ORDER_SERVICE_SIGNING_PUBLIC_KEYS,
            }),
          } satisfies ConsumerSettings,
        },
        PaymentCommandsConsumer,
      ],
    };
  }
}
