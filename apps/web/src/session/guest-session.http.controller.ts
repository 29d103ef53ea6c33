import { Body, Controller, HttpCode, Inject, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ZodValidationPipe } from '@pattern-shop/platform';
import { relay, SERVICE_CALL, type ServiceCall } from '../upstream/service-call.js';
import { type Credentials, credentials } from './session-requests.js';

const credentialsPipe = new ZodValidationPipe(credentials);

/**
 * The storefront's identities, all from order-service (DESIGN.md, Identity): a guest checkout
 * (POST /api/session), a sign-in and a registration. web mints nothing; it relays the answer,
 * `{ customerId, token, expiresAt }` or order-service's problem (401, 409, 429), unchanged.
 */
@Controller('api/session')
export class GuestSessionHttpController {
  constructor(@Inject(SERVICE_CALL) private readonly call: ServiceCall) {}

  @Post()
  @HttpCode(201)
  async startGuestSession(@Res({ passthrough: true }) response: Response): Promise<unknown> {
    return relay(await this.call('order-service', '/sessions/guest', { method: 'POST' }), response);
  }

  @Post('sign-in')
  @HttpCode(201)
  async signIn(
    @Body(credentialsPipe) body: Credentials,
    @Res({ passthrough: true }) response: Response,
  ): Promise<unknown> {
    return relay(await this.call('order-service', '/sessions', { method: 'POST', body }), response);
  }

  @Post('register')
  @HttpCode(201)
  async register(
    @Body(credentialsPipe) body: Credentials,
    @Res({ passthrough: true }) response: Response,
  ): Promise<unknown> {
    return relay(
      await this.call('order-service', '/customers', { method: 'POST', body }),
      response,
    );
  }
}
