import { describe, expect, it } from '@jest/globals';
import { parseJobArguments } from './job-arguments.js';

const now = new Date('2026-11-24T02:00:00.000Z');
const day = (date: string) => ({
  from: new Date(`${date}T00:00:00.000Z`),
  to: new Date(Date.parse(`${date}T00:00:00.000Z`) + 86_400_000),
});

describe('the batch job command line', () => {
  it('given a job alone, then the UTC day before now, as the nightly run', () => {
    expect(parseJobArguments(['reconciliation'], now)).toEqual({
      job: 'reconciliation',
      periods: [day('2026-11-23')],
    });
  });

  it('given --date, then that UTC day', () => {
    expect(parseJobArguments(['sales-report', '--date', '2024-02-29'], now).periods).toEqual([
      day('2024-02-29'),
    ]);
  });

  it('given --from-date and --to-date, then every day of the range, both ends included, in order', () => {
    const { periods } = parseJobArguments(
      ['reconciliation', '--from-date', '2026-02-27', '--to-date', '2026-03-01'],
      now,
    );
    expect(periods).toEqual([day('2026-02-27'), day('2026-02-28'), day('2026-03-01')]);
  });

  it('given --from and --to, then that window, for the reconciliation', () => {
    const args = [
      'reconciliation',
      '--from',
      '2026-11-23T10:00:00Z',
      '--to',
      '2026-11-23T11:30:00Z',
    ];
    expect(parseJobArguments(args, now).periods).toEqual([
      { from: new Date('2026-11-23T10:00:00Z'), to: new Date('2026-11-23T11:30:00Z') },
    ]);
  });

  it.each([
    [[], /unknown job \(none\)/],
    [['reindex'], /unknown job reindex/],
    [['reconciliation', '--day', '2026-11-23'], /unknown option --day/],
    [['reconciliation', '--date'], /--date needs a calendar date/],
    [['reconciliation', '--date', '2026-02-30'], /--date needs a calendar date/],
    [['reconciliation', '--date', '23.11.2026'], /--date needs a calendar date/],
    [['reconciliation', '--from-date', '2026-11-23'], /give --date, or --from-date with --to-date/],
    [
      ['reconciliation', '--from-date', '2026-11-23', '--to-date', '2026-11-22'],
      /must not be before/,
    ],
    [
      ['reconciliation', '--from-date', '2024-01-01', '--to-date', '2026-01-01'],
      /at most 366 days/,
    ],
    [['reconciliation', '--date', '2026-11-23', '--from', '2026-11-23T00:00:00Z'], /give --date/],
    [
      ['reconciliation', '--from', '2026-11-23T10:00:00Z', '--to', '2026-11-23T10:00:00Z'],
      /--to must be after --from/,
    ],
    [
      ['reconciliation', '--from', 'yesterday', '--to', '2026-11-23T10:00:00Z'],
      /--from needs an ISO timestamp/,
    ],
    [
      ['reconciliation', '--from', '2026-11-01T00:00:00Z', '--to', '2026-11-08T00:00:01Z'],
      /at most 7 days/,
    ],
    [
      ['sales-report', '--from', '2026-11-23T00:00:00Z', '--to', '2026-11-24T00:00:00Z'],
      /whole days: use --date/,
    ],
    [['reconciliation', '--date', '2026-11-25'], /2026-11-25T00:00:00.000Z has not come yet/],
    [
      ['sales-report', '--from-date', '2026-11-23', '--to-date', '2026-11-25'],
      /2026-11-25T00:00:00.000Z has not come yet/,
    ],
  ])('given %j, then refused: %s', (args, message) => {
    expect(() => parseJobArguments(args, now)).toThrow(message);
  });
});
