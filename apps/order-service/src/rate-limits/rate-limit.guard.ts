import { type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import { HttpException, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { RATE_LIMIT, type RateLimitName } from './rate-limits.js';
import { RateLimitRefusals } from './rate-limit-refusals.js';

/**
 * @nestjs/throttler's guard, answering in the shop's way: a 429 problem with a plain
 * `Retry-After` (the library would name it after the limit), counted by limit in
 * `rate_limit_refused_total`.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    @Inject(Reflector) reflector: Reflector,
    @Inject(RateLimitRefusals) private readonly refusals: RateLimitRefusals,
  ) {
    super(options, storage, reflector);
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    { timeToBlockExpire }: ThrottlerLimitDetail,
  ): Promise<void> {
    const limit = this.reflector.get<RateLimitName>(RATE_LIMIT, context.getHandler());
    this.refusals.count(limit);
    const retryAfter = Math.max(1, timeToBlockExpire);
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(retryAfter));
    throw new HttpException(
      {
        error: 'Too Many Requests',
        type: 'https://pattern-shop.dev/problems/rate-limited',
        message: `too many requests (${limit} limit); nothing was done, retry after ${retryAfter} s`,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
