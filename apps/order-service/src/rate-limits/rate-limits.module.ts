import { Global, Module } from '@nestjs/common';
import { ThrottlerModule, type ThrottlerOptions } from '@nestjs/throttler';
import type { Request } from 'express';
import type { Registry } from '@pattern-shop/observability';
import { METRICS_REGISTRY } from '@pattern-shop/platform';
import { customerOfRequest } from '../access/customer-token.guard.js';
import { ORDER_SERVICE_CONFIG, type OrderServiceConfig } from '../order-service.config.js';
import { RateLimitGuard } from './rate-limit.guard.js';
import { RateLimitRefusals } from './rate-limit-refusals.js';
import { perMinuteLimits, RATE_LIMIT, RATE_LIMITS, type RateLimitName } from './rate-limits.js';

const MINUTE_MS = 60_000;

/**
 * One throttler per limit, each counting only on the routes marked with its name. In memory,
 * per process: N instances allow N times the limit, which is enough to blunt guessing and floods
 * for a reference shop (a shared store is the next step, docs/security.md).
 */
const throttlersOf = (config: OrderServiceConfig): ThrottlerOptions[] => {
  const limits = perMinuteLimits(config);
  return RATE_LIMITS.map((name: RateLimitName) => ({
    name,
    limit: limits[name],
    ttl: MINUTE_MS,
    skipIf: (context) => Reflect.getMetadata(RATE_LIMIT, context.getHandler()) !== name,
    // POST /orders counts per customer (its token's subject, set by CustomerTokenGuard before);
    // the others per client IP, the socket's own address: X-Forwarded-For is not trusted.
    ...(name === 'orders'
      ? {
          getTracker: (request: Record<string, unknown>) =>
            `customer:${customerOfRequest(request as unknown as Request) ?? 'none'}`,
        }
      : {}),
  }));
};

/** Rate limits (issue 19, finding 7) for every controller: `@UseGuards(RateLimitGuard)` + `@RateLimit`. */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [ORDER_SERVICE_CONFIG],
      useFactory: (config: OrderServiceConfig) => ({
        throttlers: throttlersOf(config),
        setHeaders: false,
      }),
    }),
  ],
  providers: [
    {
      provide: RateLimitRefusals,
      inject: [METRICS_REGISTRY],
      useFactory: (registry: Registry) => new RateLimitRefusals(registry),
    },
    RateLimitGuard,
  ],
  exports: [RateLimitRefusals, RateLimitGuard, ThrottlerModule],
})
export class RateLimitsModule {}
