import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, type INestApplication, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { z } from 'zod';
import { createLogger } from '@pattern-shop/observability';
import { ProblemDetailsFilter } from './problem-details.filter.js';
import { ADMIN_TOKEN, isStaff, StaffOnly } from './staff-guard.js';
import { ZodValidationPipe } from './zod-validation.pipe.js';

const TOKEN = 'a-staff-token-of-some-length';
const STAFF = { authorization: `Bearer ${TOKEN}` };
let handled = 0;

@Controller('reports')
class ReportsController {
  @Get(':day')
  @StaffOnly('reading reports')
  read(@Param('day', new ZodValidationPipe(z.iso.date(), 'day')) day: string) {
    handled += 1;
    return { day };
  }
}

@Controller('knobs')
@StaffOnly({ type: 'https://example.test/problems/no-admin', message: 'knobs are for admins' })
class KnobsController {
  @Get()
  show() {
    handled += 1;
    return { errorRate: 0 };
  }
}

@Module({
  controllers: [ReportsController, KnobsController],
  providers: [{ provide: ADMIN_TOKEN, useValue: TOKEN }],
})
class TestModule {}

let app: INestApplication;
let baseUrl: string;

beforeAll(async () => {
  app = await NestFactory.create(TestModule, { logger: false });
  app.useGlobalFilters(new ProblemDetailsFilter(createLogger('staff-guard-test', 'silent')));
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

describe('StaffOnly', () => {
  it.each([
    ['no token', {}],
    ['a wrong token of the same length', { authorization: `Bearer ${'x'.repeat(TOKEN.length)}` }],
    ['the token without Bearer', { authorization: TOKEN }],
    ['the token with a suffix', { authorization: `${STAFF.authorization}x` }],
  ])(
    'given %s, when a staff route is called, then 401 problem+json naming the action',
    async (_, headers) => {
      const answer = await get('/reports/2026-03-01', headers);

      expect(answer).toEqual({
        status: 401,
        contentType: expect.stringMatching(/^application\/problem\+json/),
        body: {
          type: 'about:blank',
          title: 'Unauthorized',
          status: 401,
          detail: 'reading reports needs the staff token',
          instance: '/reports/2026-03-01',
        },
        handled: false,
      });
    },
  );

  it('given the staff token, when a staff route is called, then it is handled', async () => {
    expect(await get('/reports/2026-03-01', STAFF)).toMatchObject({
      status: 200,
      body: { day: '2026-03-01' },
      handled: true,
    });
  });

  it('given bad input, then a caller without the token gets 401 and only staff learn it is a 400', async () => {
    expect((await get('/reports/not-a-day')).status).toBe(401);
    expect((await get('/reports/not-a-day', STAFF)).status).toBe(400);
  });

  it('given a controller with its own refusal, when called without the token, then its problem type and message', async () => {
    const refused = await get('/knobs', { authorization: 'Bearer wrong' });
    expect(refused).toMatchObject({
      status: 401,
      body: {
        type: 'https://example.test/problems/no-admin',
        detail: 'knobs are for admins',
      },
      handled: false,
    });
    expect(await get('/knobs', STAFF)).toMatchObject({ status: 200, handled: true });
  });
});

describe('isStaff', () => {
  it('given only the exact header, then true', () => {
    expect(isStaff(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(isStaff(`bearer ${TOKEN}`, TOKEN)).toBe(false);
    expect(isStaff(undefined, TOKEN)).toBe(false);
    expect(isStaff('', '')).toBe(false);
  });
});
