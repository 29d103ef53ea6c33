import { createHash, timingSafeEqual } from 'node:crypto';
import {
  applyDecorators,
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  SetMetadata,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';

/** Injection token of the staff token (ADMIN_TOKEN) that guards a service's operator endpoints. */
export const ADMIN_TOKEN = Symbol('ADMIN_TOKEN');

/** What a refused caller is told: the problem's `detail`, and its `type` when it has its own. */
export type StaffRefusal = Readonly<{ message: string; type?: string }>;

const STAFF_REFUSAL = Symbol('STAFF_REFUSAL');

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * True when `authorization` is `Bearer <adminToken>`. Digests have one length, so the comparison
 * takes the same time whatever was sent: the timing tells nothing about how close a guess was.
 */
export const isStaff = (authorization: string | undefined, adminToken: string): boolean =>
  timingSafeEqual(digest(authorization ?? ''), digest(`Bearer ${adminToken}`));

/** Refuses with 401 unless the request carries the staff token; see `StaffOnly`. */
@Injectable()
export class StaffGuard implements CanActivate {
  constructor(
    @Inject(ADMIN_TOKEN) private readonly adminToken: string,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const { authorization } = context.switchToHttp().getRequest<Request>().headers;
    if (isStaff(authorization, this.adminToken)) return true;
    const refusal = this.reflector.getAllAndOverride<StaffRefusal | undefined>(STAFF_REFUSAL, [
      context.getHandler(),
      context.getClass(),
    ]);
    throw new UnauthorizedException({
      error: 'Unauthorized',
      ...(refusal?.type === undefined ? {} : { type: refusal.type }),
      message: refusal?.message ?? 'this endpoint needs the staff token',
    });
  }
}

/**
 * Staff only (`Authorization: Bearer <ADMIN_TOKEN>`), on a route or a whole controller. Given
 * what the route does ("setting stock"), a refusal says "setting stock needs the staff token".
 * The guard runs before any pipe, so a refused caller learns nothing about valid input.
 */
export const StaffOnly = (refusal: string | StaffRefusal) =>
  applyDecorators(
    SetMetadata(
      STAFF_REFUSAL,
      typeof refusal === 'string' ? { message: `${refusal} needs the staff token` } : refusal,
    ),
    UseGuards(StaffGuard),
  );
