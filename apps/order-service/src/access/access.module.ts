import { Global, Module } from '@nestjs/common';
import { ADMIN_TOKEN } from '@pattern-shop/platform';
import { DatabaseClock } from '../clock/database-clock.js';
import { ORDER_SERVICE_CONFIG, type OrderServiceConfig } from '../order-service.config.js';
import { ACCESS_TOKENS, type AccessTokenSettings } from './bearer-access.js';

/** Who may call what: customers' access tokens and the staff token, for every controller. */
@Global()
@Module({
  providers: [
    {
      provide: ACCESS_TOKENS,
      inject: [ORDER_SERVICE_CONFIG, DatabaseClock],
      useFactory: (config: OrderServiceConfig, clock: DatabaseClock): AccessTokenSettings => ({
        secret: config.ACCESS_TOKEN_SECRET,
        ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
        now: clock.now,
      }),
    },
    {
      provide: ADMIN_TOKEN,
      inject: [ORDER_SERVICE_CONFIG],
      useFactory: (config: OrderServiceConfig) => config.ADMIN_TOKEN,
    },
  ],
  exports: [ACCESS_TOKENS, ADMIN_TOKEN],
})
export class AccessModule {}
