import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Logger } from '@pattern-shop/observability';
import { LOGGER } from '@pattern-shop/platform';
import { DatabaseClock } from '../clock/database-clock.js';
import { ORDER_SERVICE_CONFIG, type OrderServiceConfig } from '../order-service.config.js';
import { IdempotencyKeyPruning } from './idempotency-key-pruning.js';

/** The keys' upkeep: pruning by age, in the background pool (the API's stays for requests). */
@Module({
  providers: [
    {
      provide: IdempotencyKeyPruning,
      inject: [ORDER_SERVICE_CONFIG, DataSource, DatabaseClock, LOGGER],
      useFactory: (
        config: OrderServiceConfig,
        dataSource: DataSource,
        clock: DatabaseClock,
        logger: Logger,
      ) =>
        new IdempotencyKeyPruning(
          dataSource,
          { retentionMs: config.IDEMPOTENCY_KEY_RETENTION_HOURS * 3_600_000, now: clock.now },
          logger,
        ),
    },
  ],
})
export class IdempotencyModule {}
