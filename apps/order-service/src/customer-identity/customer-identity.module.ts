import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DatabaseClock } from '../clock/database-clock.js';
import { ORDER_SERVICE_CONFIG, type OrderServiceConfig } from '../order-service.config.js';
import { API_DATA_SOURCE } from '../persistence/api-data-source.js';
import { CustomerIdentityHandler } from './customer-identity.handler.js';
import { CustomerIdentityHttpController } from './customer-identity.http.controller.js';

/** Guest sessions, registration and sign-in: where customer tokens come from. */
@Module({
  controllers: [CustomerIdentityHttpController],
  providers: [
    {
      provide: CustomerIdentityHandler,
      inject: [ORDER_SERVICE_CONFIG, API_DATA_SOURCE, DatabaseClock],
      useFactory: (config: OrderServiceConfig, dataSource: DataSource, clock: DatabaseClock) =>
        new CustomerIdentityHandler({
          dataSource,
          now: clock.now,
          newId: randomUUID,
          tokens: {
            secret: config.ACCESS_TOKEN_SECRET,
            ttlSeconds: config.CUSTOMER_TOKEN_TTL_SECONDS,
          },
        }),
    },
  ],
})
export class CustomerIdentityModule {}
