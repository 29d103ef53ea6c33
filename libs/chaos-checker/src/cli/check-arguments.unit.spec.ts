import { describe, expect, it } from '@jest/globals';
import { parseCheckArguments } from './check-arguments.js';

const NOW = new Date('2026-12-03T11:00:00.000Z');

describe('parseCheckArguments', () => {
  it('given no arguments, then the window is the last hour and every check runs strict', () => {
    expect(parseCheckArguments([], NOW)).toEqual({
      from: '2026-12-03T10:00:00.000Z',
      to: '2026-12-03T11:00:00.000Z',
      customerIds: undefined,
      clientFile: undefined,
      reconcile: false,
      finalWithinMs: undefined,
      json: false,
    });
  });

  it('given a window, customers, a client record and options, then each is taken', () => {
    const args = parseCheckArguments(
      [
        ...['--from', '2026-12-03T09:00:00Z', '--to', '2026-12-03T10:30:00+01:00'],
        ...['--customer', 'a', '--customer', 'b', '--client', 'run.json'],
        ...['--reconcile', '--final-within-ms', '90000', '--json'],
      ],
      NOW,
    );

    expect(args).toEqual({
      from: '2026-12-03T09:00:00.000Z',
      to: '2026-12-03T09:30:00.000Z',
      customerIds: ['a', 'b'],
      clientFile: 'run.json',
      reconcile: true,
      finalWithinMs: 90_000,
      json: true,
    });
  });

  it.each([
    [['--from', 'yesterday'], /--from must be an ISO time/],
    [['--from', '2026-12-03T11:00:00Z', '--to', '2026-12-03T10:00:00Z'], /before --to/],
    [['--from', '2026-11-01T00:00:00Z'], /at most 7 days/],
    [['--final-within-ms', 'soon'], /--final-within-ms must be a number/],
    [['--colour'], /Unknown option '--colour'/],
  ])('given %j, then it is refused with a message', (args, message) => {
    expect(() => parseCheckArguments(args, NOW)).toThrow(message);
  });
});
