import {
  Body,
  ConflictException,
  Controller,
  Inject,
  Post,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import { ZodValidationPipe } from '@pattern-shop/platform';
import { RateLimitGuard } from '../rate-limits/rate-limit.guard.js';
import { RateLimit } from '../rate-limits/rate-limits.js';
import { CustomerIdentityHandler } from './customer-identity.handler.js';
import {
  type CustomerSession,
  type Registration,
  registration,
  type SignIn,
  signIn,
} from './customer-identity.requests.js';

const problemType = (name: string) => `https://pattern-shop.dev/problems/${name}`;

/** POST /sessions/guest, /customers and /sessions: the three ways to a customer token. */
@Controller()
@UseGuards(RateLimitGuard)
export class CustomerIdentityHttpController {
  constructor(@Inject(CustomerIdentityHandler) private readonly handler: CustomerIdentityHandler) {}

  @Post('sessions/guest')
  @RateLimit('guest-sessions')
  guestSession(): CustomerSession {
    return this.handler.guestSession();
  }

  @Post('customers')
  @RateLimit('registration')
  async register(
    @Body(new ZodValidationPipe(registration)) body: Registration,
  ): Promise<CustomerSession> {
    const session = await this.handler.register(body);
    if (session !== 'email-taken') return session;
    throw new ConflictException({
      error: 'Conflict',
      type: problemType('email-taken'),
      message: 'a customer with this email exists; sign in with POST /sessions',
    });
  }

  @Post('sessions')
  @RateLimit('sign-in')
  async signIn(@Body(new ZodValidationPipe(signIn)) body: SignIn): Promise<CustomerSession> {
    const session = await this.handler.signIn(body);
    if (session !== 'invalid-credentials') return session;
    // One answer for an unknown email and a wrong password: it must not tell which.
    throw new UnauthorizedException({
      error: 'Unauthorized',
      type: problemType('invalid-credentials'),
      message: 'the email or the password is wrong',
    });
  }
}
