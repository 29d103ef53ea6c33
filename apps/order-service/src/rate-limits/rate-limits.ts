import { SetMetadata } from '@nestjs/common';
import type { OrderServiceConfig } from '../order-service.config.js';

/** Each limited route names its limit; a limit counts per client IP unless it says otherwise. */
export const RATE_LIMITS = ['sign-in', 'registration', 'guest-sessions', 'orders'] as const;
export type RateLimitName = (typeof RATE_LIMITS)[number];

export const RATE_LIMIT = Symbol('RATE_LIMIT');

/** Marks a route with the limit it counts against; RateLimitGuard (in @UseGuards) enforces it. */
export const RateLimit = (name: RateLimitName) => SetMetadata(RATE_LIMIT, name);

/** The limits as configured, per minute. */
export const perMinuteLimits = (config: OrderServiceConfig): Record<RateLimitName, number> => ({
  'sign-in': config.RATE_LIMIT_SIGN_IN_PER_MINUTE,
  registration: config.RATE_LIMIT_REGISTRATIONS_PER_MINUTE,
  'guest-sessions': config.RATE_LIMIT_GUEST_SESSIONS_PER_MINUTE,
  orders: config.RATE_LIMIT_ORDERS_PER_CUSTOMER_PER_MINUTE,
});
