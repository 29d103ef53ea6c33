import { describe, expect, it } from '@jest/globals';
import { isTransientDependencyFailure } from './transient-failure.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isTransientDependencyFailure', () => {
  it.each([
    [
      'PostgreSQL shutting down (57P01)',
      withCode('57P01', 'terminating connection due to administrator command'),
    ],
    ['PostgreSQL starting up (57P03)', withCode('57P03', 'the database system is starting up')],
    ['a connection exception (08006)', withCode('08006')],
    ['a reset socket', withCode('ECONNRESET', 'read ECONNRESET')],
    ['a refused connection', withCode('ECONNREFUSED')],
    ['pg losing its connection', new Error('Connection terminated unexpectedly')],
    ['an exhausted pool', new Error('timeout exceeded when trying to connect')],
    [
      'a TypeORM error wrapping one',
      Object.assign(new Error('query failed'), { driverError: withCode('57P01') }),
    ],
  ])('given %s, then it is transient (503)', (_case, error) => {
    expect(isTransientDependencyFailure(error)).toBe(true);
  });

  it.each([
    ['a unique violation (23505)', withCode('23505', 'duplicate key')],
    ['a syntax error (42601)', withCode('42601')],
    ['a plain bug', new TypeError('undefined is not a function')],
    ['not an error at all', 'oops'],
  ])('given %s, then it is not (500)', (_case, error) => {
    expect(isTransientDependencyFailure(error)).toBe(false);
  });
});
