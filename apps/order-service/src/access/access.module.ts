import { Global, Module } from '@nestjs/common';
import { SCOPED_TOKENS, scopedTokensOf } from '@pattern-shop/platform';
import { DatabaseClock } from '../clock/database-clock.js';
import { ORDER_SERVICE_CONFIG, type OrderServiceConfig } from '../order-service.config.js';
import { ACCESS_TOKENS, type AccessTokenSettings } from './bearer-access.js';

/** Who may call what: customers' access tokens and the scoped tokens, for every controller. */
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
      provide: SCOPED_TOKENS,
      inject: [ORDER_SERVICE_CONFIG],
      useFactory: (config: OrderServiceConfig) => scopedTokensOf(config),
    },
  ],
  exports: [ACCESS_TOKENS, SCOPED_TOKENS],
})
export class AccessModule {}
