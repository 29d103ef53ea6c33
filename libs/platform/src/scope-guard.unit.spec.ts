import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, type INestApplication, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { z } from 'zod';
import { createLogger } from '@pattern-shop/observability';
import { ProblemDetailsFilter } from './problem-details.filter.js';
import { scopedRoutesOf, withScopedSecurity } from './openapi/scoped-routes.js';
import { bearerMatches, RequiresScope, SCOPED_TOKENS, scopeOf } from './scope-guard.js';
import { ZodValidationPipe } from './zod-validation.pipe.js';

const TOKENS = {
  operator: 'an-operator-token-of-some-length',
  service: 'a-service-token-of-some-length',
};
const OPERATOR = { authorization: `Bearer ${TOKENS.operator}` };
const SERVICE = { authorization: `Bearer ${TOKENS.service}` };
let handled = 0;

@Controller('reports')
class ReportsController {
  @Get(':day')
  @RequiresScope('operator', 'reading reports')
  read(@Param('day', new ZodValidationPipe(z.iso.date(), 'day')) day: string) {
    handled += 1;
    return { day };
  }
}

@Controller('pages')
@RequiresScope('service', 'reading pages')
class PagesController {
  @Get()
  list() {
    handled += 1;
    return { items: [] };
  }

  @Get('both')
  @RequiresScope(['operator', 'service'], 'reading a page')
  one() {
    handled += 1;
    return { item: 1 };
  }
}

@Module({
  controllers: [ReportsController, PagesController],
  providers: [{ provide: SCOPED_TOKENS, useValue: TOKENS }],
})
class TestModule {}

let app: INestApplication;
let baseUrl: string;

beforeAll(async () => {
  app = await NestFactory.create(TestModule, { logger: false });
  app.useGlobalFilters(new ProblemDetailsFilter(createLogger('scope-guard-test', 'silent')));
  await app.listen(0, '127.0.0.1');
  baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
});

afterAll(() => app.close());

const get = async (path: string, headers: Record<string, string> = {}) => {
  const before = handled;
  const answer = await fetch(`${baseUrl}${path}`, { headers });
  return {
    status: answer.status,
    contentType: answer.headers.get('content-type'),
    body: (await answer.json()) as Record<string, unknown>,
    handled: handled > before,
  };
};

describe('RequiresScope', () => {
  it.each([
    ['no token', {}],
    [
      'a wrong token of the same length',
      { authorization: `Bearer ${'x'.repeat(TOKENS.operator.length)}` },
    ],
    ['the token without Bearer', { authorization: TOKENS.operator }],
    ['the token with a suffix', { authorization: `${OPERATOR.authorization}x` }],
  ])(
    'given %s, when an operator route is called, then 401 problem+json naming the action and the token',
    async (_, headers) => {
      const answer = await get('/reports/2026-03-01', headers);

      expect(answer).toEqual({
        status: 401,
        contentType: expect.stringMatching(/^application\/problem\+json/),
        body: {
          type: 'https://pattern-shop.dev/problems/missing-token',
          title: 'Unauthorized',
          status: 401,
          detail: 'reading reports needs the operator token (OPERATOR_TOKEN)',
          instance: '/reports/2026-03-01',
        },
        handled: false,
      });
    },
  );

  it('given the service token, when an operator route is called, then 403 problem+json saying which scope it needs', async () => {
    expect(await get('/reports/2026-03-01', SERVICE)).toEqual({
      status: 403,
      contentType: expect.stringMatching(/^application\/problem\+json/),
      body: {
        type: 'https://pattern-shop.dev/problems/wrong-scope',
        title: 'Forbidden',
        status: 403,
        detail:
          'reading reports needs the operator token (OPERATOR_TOKEN); this is the service token',
        instance: '/reports/2026-03-01',
      },
      handled: false,
    });
  });

  it('given the operator token, when an operator route is called, then it is handled', async () => {
    expect(await get('/reports/2026-03-01', OPERATOR)).toMatchObject({
      status: 200,
      body: { day: '2026-03-01' },
      handled: true,
    });
  });

  it('given bad input, then only the right scope learns it is a 400: the guard runs before the pipe', async () => {
    expect((await get('/reports/not-a-day')).status).toBe(401);
    expect((await get('/reports/not-a-day', SERVICE)).status).toBe(403);
    expect((await get('/reports/not-a-day', OPERATOR)).status).toBe(400);
  });

  it('given a controller that needs the service scope, then the operator token is refused with 403 and the service token handled', async () => {
    expect(await get('/pages', OPERATOR)).toMatchObject({ status: 403, handled: false });
    expect(await get('/pages', SERVICE)).toMatchObject({ status: 200, handled: true });
  });

  it('given a route that names both scopes, then it overrides its controller and takes either token', async () => {
    expect(await get('/pages/both', OPERATOR)).toMatchObject({ status: 200, handled: true });
    expect(await get('/pages/both', SERVICE)).toMatchObject({ status: 200, handled: true });
    expect(await get('/pages/both')).toMatchObject({
      status: 401,
      body: {
        detail:
          'reading a page needs the operator token (OPERATOR_TOKEN) or the service token (SERVICE_TOKEN)',
      },
    });
  });
});

describe('scopeOf', () => {
  it('given only the exact header of one of the tokens, then its scope', () => {
    expect(scopeOf(`Bearer ${TOKENS.operator}`, TOKENS)).toBe('operator');
    expect(scopeOf(`Bearer ${TOKENS.service}`, TOKENS)).toBe('service');
    expect(scopeOf(`bearer ${TOKENS.operator}`, TOKENS)).toBeUndefined();
    expect(scopeOf(undefined, TOKENS)).toBeUndefined();
    expect(bearerMatches('', '')).toBe(false);
  });
});

describe('scopedRoutesOf and withScopedSecurity', () => {
  it('given an app, then every guarded route with its scopes, in OpenAPI form', () => {
    expect(scopedRoutesOf(app)).toEqual(
      expect.arrayContaining([
        { method: 'get', path: '/reports/{day}', scopes: ['operator'] },
        { method: 'get', path: '/pages', scopes: ['service'] },
        { method: 'get', path: '/pages/both', scopes: ['operator', 'service'] },
      ]),
    );
    expect(scopedRoutesOf(app)).toHaveLength(3);
  });

  it('given a document, then guarded operations name their schemes and scopes, and a forgotten one is added', () => {
    const document = {
      openapi: '3.1.0',
      paths: { '/reports/{day}': { get: { summary: 'a report', tags: ['reports'] } } },
    };
    const { paths } = withScopedSecurity(document, scopedRoutesOf(app)) as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };

    expect(paths['/reports/{day}']?.['get']).toMatchObject({
      summary: 'a report',
      security: [{ operatorToken: [] }],
      'x-scopes': ['operator'],
      tags: ['reports', 'operator'],
      responses: { '401': expect.anything(), '403': expect.anything() },
    });
    expect(paths['/pages/both']?.['get']).toMatchObject({
      security: [{ operatorToken: [] }, { serviceToken: [] }],
      'x-scopes': ['operator', 'service'],
    });
    expect(document.paths['/reports/{day}'].get).not.toHaveProperty('security');
  });
});
