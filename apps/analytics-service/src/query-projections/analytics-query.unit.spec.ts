import { describe, expect, it } from '@jest/globals';
import { funnelQuery, salesQuery, topProductsQuery } from './analytics-query.js';

describe('analytics query parameters', () => {
  it('given a date and an instant with offset, when parsed, then both are instants (a date is midnight UTC)', () => {
    expect(salesQuery.parse({ from: '2100-01-01', to: '2100-01-01T12:00:00+01:00' })).toEqual({
      from: new Date('2100-01-01T00:00:00Z'),
      to: new Date('2100-01-01T11:00:00Z'),
    });
  });

  it('given no parameters, when the funnel and top products are asked, then all time and the defaults apply', () => {
    expect(funnelQuery.parse({})).toEqual({});
    expect(topProductsQuery.parse({})).toEqual({ by: 'quantity', limit: 10 });
  });

  it.each([
    [{ from: '2100-01-02', to: '2100-01-01' }],
    [{ from: '2100-01-01', to: '2100-01-01' }],
    [{ from: '2100-01-01', to: '2100-02-02' }],
    [{ from: '2100-01-01T00:00:00', to: '2100-01-02' }],
    [{ from: '2100-01-01', to: '2100-01-02', extra: '1' }],
  ])('given %j, when parsed for sales, then it is refused', (query) => {
    expect(salesQuery.safeParse(query).success).toBe(false);
  });
});
