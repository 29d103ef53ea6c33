import { describe, expect, it } from '@jest/globals';
import type { ArgumentsHost } from '@nestjs/common';
import { ServiceUnavailableException } from '@nestjs/common';
import { createLogger } from '@pattern-shop/observability';
import { type ProblemDetails, ProblemDetailsFilter } from './problem-details.filter.js';

/** Runs the filter on `exception` for GET /x and returns the status and problem it answered. */
const answerTo = (exception: unknown): { status: number; problem: ProblemDetails } => {
  const sent: { status?: number; body?: string } = {};
  const response = {
    hasHeader: () => false,
    setHeader: () => response,
    status: (status: number) => ((sent.status = status), response),
    type: () => response,
    send: (body: string) => ((sent.body = body), response),
  };
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ path: '/x' }), getResponse: () => response }),
  } as unknown as ArgumentsHost;
  new ProblemDetailsFilter(createLogger('test', 'silent')).catch(exception, host);
  return { status: sent.status ?? 0, problem: JSON.parse(sent.body ?? '{}') as ProblemDetails };
};

describe('ProblemDetailsFilter', () => {
  it('given a raw socket error, then a 503 saying a dependency is away for a moment', () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });

    expect(answerTo(reset)).toMatchObject({
      status: 503,
      problem: { type: 'https://pattern-shop.dev/problems/dependency-unavailable' },
    });
  });

  it('given a 503 the code chose, naming the service that is down, when its message quotes a socket error, then that problem is answered as it is', () => {
    const chosen = new ServiceUnavailableException({
      error: 'Service Unavailable',
      type: 'https://pattern-shop.dev/problems/unavailable/rabbitmq',
      message: 'rabbitmq is unavailable (RabbitMQ management API unreachable: read ECONNRESET)',
    });

    expect(answerTo(chosen)).toMatchObject({
      status: 503,
      problem: {
        type: 'https://pattern-shop.dev/problems/unavailable/rabbitmq',
        detail: expect.stringContaining('rabbitmq is unavailable'),
      },
    });
  });

  it('given an unexpected error, then a 500 without internals', () => {
    expect(answerTo(new TypeError('x is undefined'))).toMatchObject({
      status: 500,
      problem: { type: 'about:blank', title: 'Internal Server Error' },
    });
  });
});
