import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Who may read what. An order token names one order of one customer (POST /orders hands it
 * out); a customer token covers all of that customer's orders (an identity provider would
 * issue it; locally `npm run token` does).
 */
export type AccessClaims =
  | Readonly<{ scope: 'order'; customerId: string; orderId: string }>
  | Readonly<{ scope: 'customer'; customerId: string }>;

export type VerifiedAccess = AccessClaims & Readonly<{ expiresAt: Date }>;

export class InvalidAccessTokenError extends Error {
  override readonly name = 'InvalidAccessTokenError';
}

// A compact JWT (HS256), so that a learner can paste one into any JWT decoder and read it.
const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

export const signAccessToken = (
  claims: AccessClaims,
  { secret, now, ttlSeconds }: { secret: string; now: Date; ttlSeconds: number },
): string => {
  const iat = Math.floor(now.getTime() / 1000);
  const payload =
    claims.scope === 'order'
      ? { sub: claims.customerId, scope: 'order', oid: claims.orderId, iat, exp: iat + ttlSeconds }
      : { sub: claims.customerId, scope: 'customer', iat, exp: iat + ttlSeconds };
  const unsigned = `${HEADER}.${base64url(JSON.stringify(payload))}`;
  return `${unsigned}.${signature(unsigned, secret)}`;
};

/** The claims of a genuine, unexpired token; otherwise InvalidAccessTokenError saying why. */
export const verifyAccessToken = (
  token: string,
  { secret, now }: { secret: string; now: Date },
): VerifiedAccess => {
  const [header, body, mac, ...rest] = token.split('.');
  if (header !== HEADER || body === undefined || mac === undefined || rest.length > 0) {
    throw new InvalidAccessTokenError('malformed access token');
  }
  const expected = Buffer.from(signature(`${header}.${body}`, secret));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new InvalidAccessTokenError('access token signature does not match');
  }
  const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
  const { sub, scope, oid, exp } = payload;
  if (typeof sub !== 'string' || typeof exp !== 'number')
    throw new InvalidAccessTokenError('access token lacks claims');
  if (exp * 1000 <= now.getTime()) throw new InvalidAccessTokenError('access token expired');
  const expiresAt = new Date(exp * 1000);
  if (scope === 'customer') return { scope, customerId: sub, expiresAt };
  if (scope === 'order' && typeof oid === 'string')
    return { scope, customerId: sub, orderId: oid, expiresAt };
  throw new InvalidAccessTokenError('access token has an unknown scope');
};

/** Whether `access` lets its holder read order `orderId` of customer `customerId`. */
export const grantsOrder = (access: AccessClaims, customerId: string, orderId: string): boolean =>
  access.customerId === customerId && (access.scope === 'customer' || access.orderId === orderId);

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function signature(unsigned: string, secret: string): string {
  return createHmac('sha256', secret).update(unsigned).digest('base64url');
}
