import { Counter, type Registry } from 'prom-client';
import { RATE_LIMITS, type RateLimitName } from './rate-limits.js';

/** Requests refused with 429, by limit: a rising sign-in count is someone guessing passwords. */
export class RateLimitRefusals {
  private readonly refused: Counter<'limit'>;

  constructor(registry: Registry) {
    this.refused = new Counter({
      name: 'rate_limit_refused_total',
      help: 'Requests refused with 429 by a rate limit (sign-in, registration, guest-sessions per client IP; orders per customer).',
      labelNames: ['limit'],
      registers: [registry],
    });
    for (const limit of RATE_LIMITS) this.refused.inc({ limit }, 0);
  }

  count(limit: RateLimitName): void {
    this.refused.inc({ limit });
  }
}
