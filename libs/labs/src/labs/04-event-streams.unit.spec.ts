import { describe, expect, it } from '@jest/globals';
import type { Verdict } from '@pattern-shop/chaos-checker';
import { judgeStreams, type StreamProbe } from './04-event-streams.js';

const day = { placed: 12, confirmed: 10, cancelled: 2, revenueCents: 25_000, refundedCents: 1_500 };

const labOrders = (missing: number, different: number, offenders: string[] = []): Verdict => ({
  invariant: 'projections equal the orders database',
  expected: '1 orders projected as they are',
  observed: `${missing} missing, ${different} different`,
  result: offenders.length === 0 ? 'pass' : 'fail',
  offenders,
  offenderCount: offenders.length,
});

const consistent: StreamProbe = {
  day: '2026-12-04',
  totals: day,
  facts: day,
  labOrders: labOrders(0, 0),
  lag: 0,
  weak: [],
};

describe("lab 4: graded from the day's totals, the per-order facts and the orders database", () => {
  it('given totals equal to the facts and the lab orders as the orders database has them, then it passes', () => {
    const grade = judgeStreams(consistent);
    expect(grade.passed).toBe(true);
    expect(grade.reasons.join()).toContain('every fact counted once');
    expect(grade.figures).toEqual([
      'analytics, 2026-12-04, daily totals (what the API answers): 12 placed, 10 confirmed, 2 cancelled, revenue 250.00, refunded 15.00',
      'analytics, 2026-12-04, summed from its per-order facts: 12 placed, 10 confirmed, 2 cancelled, revenue 250.00, refunded 15.00',
      'your lab 4 orders, projections vs the orders database: 0 missing, 0 different (expected: 1 orders projected as they are)',
      'analytics-service runs with: its defaults',
    ]);
  });

  it('given a redelivered confirmation counted again, then it fails naming the figures that grew', () => {
    const grade = judgeStreams({
      ...consistent,
      totals: { ...day, confirmed: 11, revenueCents: 26_250 },
      weak: ['no-inbox'],
    });
    expect(grade.passed).toBe(false);
    expect(grade.reasons).toEqual([
      "the day's totals disagree with the facts they were grown from: confirmations 11 in the totals, 10 in the facts (+1), revenue 262.50 in the totals, 250.00 in the facts (+12.50); records delivered again were counted again (replay the stream to rebuild them)",
    ]);
    expect(grade.figures).toContain('analytics-service runs with: weak no-inbox');
  });

  it('given totals below the facts, then it fails without blaming redelivery', () => {
    const grade = judgeStreams({ ...consistent, totals: { ...day, placed: 11 } });
    expect(grade.passed).toBe(false);
    expect(grade.reasons[0]).toContain('placed orders 11 in the totals, 12 in the facts (-1)');
    expect(grade.reasons[0]).toContain('facts were applied without their totals');
  });

  it('given a lab order missing from the projections and records not committed, then it fails on both', () => {
    const grade = judgeStreams({
      ...consistent,
      labOrders: labOrders(1, 0, ['0b7c6f1e-2f4a-4c47-9a53-8d0f5a3c2e11']),
      lag: 3,
    });
    expect(grade.passed).toBe(false);
    expect(grade.reasons).toEqual([
      'your orders are not projected as the orders database has them: 1 missing, 0 different (0b7c6f1e-2f4a-4c47-9a53-8d0f5a3c2e11)',
      'analytics-service has not caught up (3 records behind): is it running, and has its group settled?',
    ]);
    expect(grade.figures).toContain('group analytics: 3 record(s) not yet committed');
  });
});
