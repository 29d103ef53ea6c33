import {
  InvalidAccessTokenError,
  type VerifiedAccess,
  verifyAccessToken,
} from '@pattern-shop/access-tokens';
import type { RealtimeError } from '@pattern-shop/realtime-client';

export type AccessCheck =
  | Readonly<{ ok: true; access: VerifiedAccess; token: string }>
  | Readonly<{ ok: false; error: RealtimeError }>;

export type AccessTokenSettings = Readonly<{ secret: string; now: () => Date }>;

const MISSING =
  'send a token: the accessToken from POST /orders, or a customer token (socket.io: auth.token; SSE: Authorization: Bearer, or ?ticket= from POST /sse-tickets)';

/** Verifies a token the way order-service does, so both accept exactly the same tokens. */
export const checkAccessToken = (token: unknown, settings: AccessTokenSettings): AccessCheck => {
  if (typeof token !== 'string' || token.length === 0) {
    return { ok: false, error: { code: 'unauthorized', message: MISSING } };
  }
  try {
    return {
      ok: true,
      token,
      access: verifyAccessToken(token, { ...settings, now: settings.now() }),
    };
  } catch (error) {
    if (!(error instanceof InvalidAccessTokenError)) throw error;
    return { ok: false, error: { code: 'unauthorized', message: error.message } };
  }
};

/** The token of `Authorization: Bearer <token>`; never one from the URL (docs/security.md). */
export const bearerToken = (authorization: string | undefined): string | undefined =>
  /^Bearer ([A-Za-z0-9._-]+)$/.exec(authorization ?? '')?.[1];
