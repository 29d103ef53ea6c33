import { createHash, timingSafeEqual } from 'node:crypto';
import { UnauthorizedException } from '@nestjs/common';

export const ADMIN_TOKEN = Symbol('ADMIN_TOKEN');

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * The knobs and the ledger are for operators and tests only: `Authorization: Bearer <ADMIN_TOKEN>`.
 * Digests have one length, so the comparison takes the same time whatever was sent.
 */
export const requireAdmin = (authorization: string | undefined, adminToken: string): void => {
  const given = digest(authorization ?? '');
  if (!timingSafeEqual(given, digest(`Bearer ${adminToken}`))) {
    throw new UnauthorizedException({
      error: 'Unauthorized',
      type: 'https://pattern-shop.dev/problems/missing-admin-token',
      message: 'the payment-provider admin endpoints need "Authorization: Bearer <ADMIN_TOKEN>"',
    });
  }
};
