import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ConsumerSettings } from '@pattern-shop/messaging-rabbitmq';
import { messageVerifier } from '@pattern-shop/messaging-signing';
import type { Logger, Registry } from '@pattern-shop/observability';
import { LOGGER, METRICS_REGISTRY } from '@pattern-shop/platform';
import { DatabaseClock } from '../clock/database-clock.js';
import { ORDER_SERVICE_CONFIG, type OrderServiceConfig } from '../order-service.config.js';
import {
  countSagasByStatus,
  oldestInFlightSagaSeconds,
} from '../persistence/checkout-saga-queries.js';
import { afterCommit } from '../persistence/after-commit.js';
import { CheckoutSagaRuntime } from './checkout-saga.runtime.js';
import { SagaDeadlineAlarm } from './saga-deadline-alarm.js';
import { SagaAdminHandler } from './saga-admin.handler.js';
import { SagaAdminHttpController } from './saga-admin.http.controller.js';
import {
  SAGA_DEADLINE_SETTINGS,
  type SagaDeadlineSettings,
  SagaDeadlines,
} from './saga-deadlines.js';
import { CheckoutSagaMetrics } from './saga-metrics.js';
import { SagaQueues } from './saga-queues.js';
import { SAGA_REPLY_SETTINGS, SagaRepliesConsumer } from './saga-replies.rmq.consumer.js';

/** The checkout saga (pattern 5): its runtime, replies, deadlines, queues and operator API. */
@Module({
  controllers: [SagaAdminHttpController],
  providers: [
    { provide: SagaDeadlineAlarm, useValue: new SagaDeadlineAlarm() },
    {
      provide: CheckoutSagaRuntime,
      inject: [
        ORDER_SERVICE_CONFIG,
        DataSource,
        DatabaseClock,
        METRICS_REGISTRY,
        LOGGER,
        SagaDeadlineAlarm,
      ],
      useFactory: (
        config: OrderServiceConfig,
        dataSource: DataSource,
        clock: DatabaseClock,
        metrics: Registry,
        logger: Logger,
        alarm: SagaDeadlineAlarm,
      ) =>
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
          deadlineSet: (tx, deadline) => afterCommit(tx, () => alarm.set(deadline)),
        }),
    },
    {
      provide: SAGA_REPLY_SETTINGS,
      inject: [ORDER_SERVICE_CONFIG],
      useFactory: (config: OrderServiceConfig): ConsumerSettings => ({
        prefetch: config.SAGA_REPLY_PREFETCH,
        retryDelaysMs: config.SAGA_REPLY_RETRY_DELAYS_MS,
        verifier: messageVerifier({
          'payment-service': config.PAYMENT_SERVICE_SIGNING_PUBLIC_KEYS,
          'inventory-service': config.INVENTORY_SERVICE_SIGNING_PUBLIC_KEYS,
        }),
      }),
    },
    {
      provide: SAGA_DEADLINE_SETTINGS,
      inject: [ORDER_SERVICE_CONFIG, DatabaseClock],
      useFactory: (config: OrderServiceConfig, clock: DatabaseClock): SagaDeadlineSettings => ({
        pollMs: config.SAGA_DEADLINE_POLL_MS,
        safetyPollMs: config.SAGA_DEADLINE_SAFETY_POLL_MS,
        neverFire: config.WEAK_MECHANISMS.includes('no-step-deadline'),
        now: clock.now,
        newId: randomUUID,
      }),
    },
    {
      provide: SagaAdminHandler,
      inject: [DataSource, CheckoutSagaRuntime],
      useFactory: (dataSource: DataSource, runtime: CheckoutSagaRuntime) =>
        new SagaAdminHandler(dataSource, runtime),
    },
    SagaRepliesConsumer,
    SagaDeadlines,
    SagaQueues,
  ],
  exports: [CheckoutSagaRuntime],
})
export class CheckoutSagaModule {}
