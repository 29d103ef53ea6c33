import { timingSafeEqual } from 'node:crypto';
import { UnauthorizedException } from '@nestjs/common';

/** Injection token of the staff token (ADMIN_TOKEN) that guards a service's operator endpoints. */
export const ADMIN_TOKEN = Symbol('ADMIN_TOKEN');

/**
 * Refuses with 401 unless `authorization` is `Bearer <adminToken>`. Compared in constant time,
 * so the answer's timing tells nothing about how much of a guess was right.
 */
export const requireStaff = (
  authorization: string | undefined,
  adminToken: string,
  action: string,
): void => {
  const given = Buffer.from(authorization ?? '');
  const expected = Buffer.from(`Bearer ${adminToken}`);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new UnauthorizedException({
      error: 'Unauthorized',
      message: `${action} needs the staff token`,
    });
  }
};
