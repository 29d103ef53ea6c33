import { createHash, timingSafeEqual } from 'node:crypto';
import {
  applyDecorators,
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  SetMetadata,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';

/**
 * What a credential is for (docs/security.md, "Credentials by purpose"): `operator` is a person
 * at the console or a CLI, `service` is one service reading another.
 */
export const SCOPES = ['operator', 'service'] as const;
export type Scope = (typeof SCOPES)[number];

/** The environment variable that holds each scope's token. */
export const SCOPE_TOKEN_VARIABLES = {
  operator: 'OPERATOR_TOKEN',
  service: 'SERVICE_TOKEN',
} as const satisfies Record<Scope, string>;

/** Injection token of the scoped tokens (`ScopedTokens`) a service checks callers against. */
export const SCOPED_TOKENS = Symbol('SCOPED_TOKENS');
export type ScopedTokens = Readonly<Record<Scope, string>>;

/** What a route needs, kept on the handler or controller; the OpenAPI document is built from it. */
export type ScopeRequirement = Readonly<{ scopes: readonly Scope[]; action: string }>;
export const SCOPE_REQUIREMENT = Symbol('SCOPE_REQUIREMENT');

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * True when `authorization` is exactly `Bearer <token>`. Digests have one length, so the
 * comparison takes the same time whatever was sent: the timing tells nothing about a guess.
 */
export const bearerMatches = (authorization: string | undefined, token: string): boolean =>
  timingSafeEqual(digest(authorization ?? ''), digest(`Bearer ${token}`));

/** The scope of the token in `authorization`, or undefined when it is no token of ours. */
export const scopeOf = (
  authorization: string | undefined,
  tokens: ScopedTokens,
): Scope | undefined => {
  // Every token is compared, so the time taken does not say which one matched.
  const matches = SCOPES.filter((scope) => bearerMatches(authorization, tokens[scope]));
  return matches[0];
};

const tokenNames = (scopes: readonly Scope[]): string =>
  scopes.map((scope) => `the ${scope} token (${SCOPE_TOKEN_VARIABLES[scope]})`).join(' or ');

/** 401 unless the request carries one of our tokens, 403 unless its scope is one the route needs. */
@Injectable()
export class ScopeGuard implements CanActivate {
  constructor(
    @Inject(SCOPED_TOKENS) private readonly tokens: ScopedTokens,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const { authorization } = context.switchToHttp().getRequest<Request>().headers;
    const { scopes, action } = this.reflector.getAllAndOverride<ScopeRequirement>(
      SCOPE_REQUIREMENT,
      [context.getHandler(), context.getClass()],
    );
    const scope = scopeOf(authorization, this.tokens);
    if (scope === undefined) {
      throw new UnauthorizedException({
        error: 'Unauthorized',
        type: 'https://pattern-shop.dev/problems/missing-token',
        message: `${action} needs ${tokenNames(scopes)}`,
      });
    }
    if (scopes.includes(scope)) return true;
    throw new ForbiddenException({
      error: 'Forbidden',
      type: 'https://pattern-shop.dev/problems/wrong-scope',
      message: `${action} needs ${tokenNames(scopes)}; this is the ${scope} token`,
    });
  }
}

/**
 * The route (or every route of a controller) needs a token of one of `scopes`. `action` says
 * what the route does ("setting stock"), so a refusal reads "setting stock needs the operator
 * token (OPERATOR_TOKEN)". Guards run before pipes: a refused caller learns nothing about input.
 */
export const RequiresScope = (scopes: Scope | readonly Scope[], action: string) =>
  applyDecorators(
    SetMetadata(SCOPE_REQUIREMENT, {
      scopes: typeof scopes === 'string' ? [scopes] : scopes,
      action,
    } satisfies ScopeRequirement),
    UseGuards(ScopeGuard),
  );
