import { UnauthorizedException } from '@nestjs/common';
import {
  InvalidAccessTokenError,
  type VerifiedAccess,
  verifyAccessToken,
} from '@pattern-shop/access-tokens';

export const ACCESS_TOKENS = Symbol('ACCESS_TOKENS');
export type AccessTokenSettings = Readonly<{ secret: string; ttlSeconds: number; now: () => Date }>;

/** The caller's verified access from `Authorization: Bearer <token>`, or a 401 saying why not. */
export const bearerAccess = (
  authorization: string | undefined,
  settings: AccessTokenSettings,
): VerifiedAccess => {
  const token = /^Bearer ([A-Za-z0-9._-]+)$/.exec(authorization ?? '')?.[1];
  if (token === undefined) {
    throw new UnauthorizedException({
      error: 'Unauthorized',
      type: 'https://pattern-shop.dev/problems/missing-access-token',
      message:
        'send "Authorization: Bearer <token>": the accessToken from POST /orders, or a customer token',
    });
  }
  try {
    return verifyAccessToken(token, { secret: settings.secret, now: settings.now() });
  } catch (error) {
    if (!(error instanceof InvalidAccessTokenError)) throw error;
    throw new UnauthorizedException({
      error: 'Unauthorized',
      type: 'https://pattern-shop.dev/problems/invalid-access-token',
      message: error.message,
    });
  }
};
