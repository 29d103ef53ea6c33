import { UnauthorizedException } from '@nestjs/common';
import {
  type AccessClaims,
  InvalidAccessTokenError,
  verifyAccessToken,
} from '@pattern-shop/access-tokens';

export const CUSTOMER_TOKENS = Symbol('CUSTOMER_TOKENS');
export type CustomerTokenSettings = Readonly<{ secret: string; now: () => Date }>;

export type CustomerAccess = Readonly<{ customerId: string; token: string }>;

const problem = (name: string, message: string) =>
  new UnauthorizedException({
    error: 'Unauthorized',
    type: `https://pattern-shop.dev/problems/${name}`,
    message,
  });

/**
 * The customer behind `Authorization: Bearer <customer token>`, verified the way order-service
 * and realtime-gateway verify it, or a 401 saying why not. The storefront acts for customers
 * only; an order token names one order and cannot place or list any.
 */
export const customerAccess = (
  authorization: string | undefined,
  settings: CustomerTokenSettings,
): CustomerAccess => {
  const token = /^Bearer ([A-Za-z0-9._-]+)$/.exec(authorization ?? '')?.[1];
  if (token === undefined) {
    throw problem(
      'missing-access-token',
      'send "Authorization: Bearer <token>": a customer token from POST /api/session (guest), /api/session/sign-in or /api/session/register',
    );
  }
  let claims: AccessClaims;
  try {
    claims = verifyAccessToken(token, { secret: settings.secret, now: settings.now() });
  } catch (error) {
    if (!(error instanceof InvalidAccessTokenError)) throw error;
    throw problem('invalid-access-token', error.message);
  }
  if (claims.scope !== 'customer') {
    throw problem('invalid-access-token', 'the storefront needs a customer token');
  }
  return { customerId: claims.customerId, token };
};
