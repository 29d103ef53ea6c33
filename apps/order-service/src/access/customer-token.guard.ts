import {
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import type { Request } from 'express';
import { ACCESS_TOKENS, type AccessTokenSettings, bearerAccess } from './bearer-access.js';

/** The request once CustomerTokenGuard let it through: the customer its token names. */
type WithCustomer = Request & { customerId?: string };

/**
 * 401 unless `Authorization: Bearer` carries a genuine, unexpired customer token. A guard, so it
 * runs before any pipe: an anonymous caller learns nothing about the body and nothing is stored.
 * An order token is refused too: it lets its holder read one order, not act as the customer.
 */
@Injectable()
export class CustomerTokenGuard implements CanActivate {
  constructor(@Inject(ACCESS_TOKENS) private readonly tokens: AccessTokenSettings) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<WithCustomer>();
    const access = bearerAccess(request.headers.authorization, this.tokens);
    if (access.scope !== 'customer') {
      throw new UnauthorizedException({
        error: 'Unauthorized',
        type: 'https://pattern-shop.dev/problems/customer-token-required',
        message:
          'this needs a customer token (POST /sessions, /sessions/guest or /customers); an order token only reads its order',
      });
    }
    request.customerId = access.customerId;
    return true;
  }
}

/** The customer of the request's token, as CustomerTokenGuard verified it (undefined before). */
export const customerOfRequest = (request: Request): string | undefined =>
  (request as WithCustomer).customerId;

/** Parameter decorator: the verified customer id; only on routes behind CustomerTokenGuard. */
export const VerifiedCustomer = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => {
    const customerId = customerOfRequest(context.switchToHttp().getRequest<Request>());
    if (customerId === undefined)
      throw new Error('VerifiedCustomer used without CustomerTokenGuard');
    return customerId;
  },
);
