import { describe, expect, it } from '@jest/globals';
import {
  decodeCursor,
  encodeCursor,
  reconciliationQuery,
  reconciliationQueryWithIds,
} from './reconciliation.js';

const problems = (query: Record<string, string>) =>
  reconciliationQuery.safeParse(query).error?.issues.map((issue) => issue.message) ?? [];

describe('reconciliationQuery', () => {
  it('given a date, then the UTC day as a half-open period with the default limit', () => {
    expect(reconciliationQuery.parse({ date: '2026-11-22' })).toEqual({
      period: { from: new Date('2026-11-22T00:00:00Z'), to: new Date('2026-11-23T00:00:00Z') },
      limit: 500,
      after: undefined,
    });
  });

  it('given from, to, a limit and a cursor, then they are parsed', () => {
    const after = encodeCursor(new Date('2026-11-22T10:00:00.123Z'), 'order-1');
    expect(
      reconciliationQuery.parse({
        from: '2026-11-22T10:00:00Z',
        to: '2026-11-22T12:00:00+01:00',
        limit: '2',
        after,
      }),
    ).toEqual({
      period: { from: new Date('2026-11-22T10:00:00Z'), to: new Date('2026-11-22T11:00:00Z') },
      limit: 2,
      after: { at: new Date('2026-11-22T10:00:00.123Z'), id: 'order-1' },
    });
  });

  it('given a bad period, limit, cursor or parameter, then each is named', () => {
    expect(problems({})).toEqual(['give date=YYYY-MM-DD, or from and to']);
    expect(problems({ date: '2026-02-30' })).toEqual(['is not a calendar date']);
    // Found by the API fuzzer: an impossible date once threw (a 500) instead of being refused.
    expect(problems({ date: '0000-00-00' })).toEqual(['is not a calendar date']);
    expect(problems({ date: '2026-13-45' })).toEqual(['is not a calendar date']);
    expect(problems({ date: '2026-11-22', from: '2026-11-22T00:00:00Z' })).toEqual([
      'give either date or from and to, not both',
    ]);
    expect(problems({ from: '2026-11-22T00:00:00Z' })).toEqual(['from and to go together']);
    expect(problems({ from: '2026-11-22T00:00:00Z', to: '2026-11-21T00:00:00Z' })).toEqual([
      'must be after from',
    ]);
    expect(problems({ from: '2026-11-01T00:00:00Z', to: '2026-11-09T00:00:00Z' })).toEqual([
      'a period is at most 7 days',
    ]);
    expect(problems({ date: '2026-11-22', after: 'garbage' })).toEqual([
      'is not a cursor from nextCursor',
    ]);
    expect(problems({ date: '2026-11-22', limit: '0' })).toHaveLength(1);
    expect(problems({ date: '2026-11-22', limit: '5000' })).toHaveLength(1);
    expect(problems({ date: '2026-11-22', sort: 'desc' })).toHaveLength(1);
  });

  it('round-trips a cursor and refuses one that is not', () => {
    expect(decodeCursor(encodeCursor('2026-11-22T10:00:00Z', 'x'))).toEqual({
      at: new Date('2026-11-22T10:00:00Z'),
      id: 'x',
    });
    expect(decodeCursor(Buffer.from('[1,2]').toString('base64url'))).toBeUndefined();
  });

  it('given a service whose cursors carry numeric ids, when a cursor carries another id, then it is refused as not one of its cursors, and its own are taken', () => {
    const numericIds = reconciliationQueryWithIds((id) => /^[0-9]+$/.test(id));
    const at = new Date('2026-03-01T12:00:00Z');

    const foreign = numericIds.safeParse({ date: '2026-03-01', after: encodeCursor(at, 'abc') });
    const own = numericIds.safeParse({ date: '2026-03-01', after: encodeCursor(at, '42') });

    expect(foreign.error?.issues).toEqual([
      expect.objectContaining({ path: ['after'], message: 'is not a cursor from nextCursor' }),
    ]);
    expect(own.data?.after).toEqual({ at, id: '42' });
  });
});
