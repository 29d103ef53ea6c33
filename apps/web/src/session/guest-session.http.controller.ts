import { randomUUID } from 'node:crypto';
import { Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { signAccessToken } from '@pattern-shop/access-tokens';
import { CUSTOMER_TOKENS, type CustomerTokenSettings } from '../access/customer-access.js';

export type GuestSession = Readonly<{ customerId: string; token: string; expiresAt: string }>;

/**
 * POST /api/session: a guest checkout mints a guest identity (DESIGN.md, Identity). The token
 * is a customer token like any other, so order-service and realtime-gateway accept it as is,
 * and every order placed with it is that guest's and nobody else's.
 */
@Controller('api/session')
export class GuestSessionHttpController {
  constructor(@Inject(CUSTOMER_TOKENS) private readonly tokens: CustomerTokenSettings) {}

  @Post()
  @HttpCode(201)
  startGuestSession(): GuestSession {
    const now = this.tokens.now();
    const customerId = `guest-${randomUUID()}`;
    const token = signAccessToken(
      { scope: 'customer', customerId },
      { secret: this.tokens.secret, now, ttlSeconds: this.tokens.ttlSeconds },
    );
    const expiresAt = new Date(now.getTime() + this.tokens.ttlSeconds * 1000).toISOString();
    return { customerId, token, expiresAt };
  }
}
