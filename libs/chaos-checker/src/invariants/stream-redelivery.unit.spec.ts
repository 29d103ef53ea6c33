import { describe, expect, it } from '@jest/globals';
import { type ProjectionRows, redeliveryChangesNothing } from './stream-redelivery.rules.js';

const BEFORE: ProjectionRows = {
  order_facts: ['(o-1,4200,2026-12-05 01:00:00+00,4200)'],
  daily_totals: ['(2026-12-05,1,4200)'],
};

describe('a re-delivered stream changes nothing', () => {
  it('given the same rows after the re-delivery, then it passes, saying how many records went again', () => {
    const v = redeliveryChangesNothing(BEFORE, structuredClone(BEFORE), 12);

    expect(v).toMatchObject({
      result: 'pass',
      observed: '12 records delivered again, no row changed',
    });
  });

  it('given a daily total counted twice by the re-delivery, then it fails naming the row before and after', () => {
    const doubled = { ...BEFORE, daily_totals: ['(2026-12-05,2,8400)'] };

    const v = redeliveryChangesNothing(BEFORE, doubled, 12);

    expect(v.result).toBe('fail');
    expect(v.observed).toBe('12 records delivered again, 2 rows changed in daily_totals');
    expect(v.offenders).toEqual([
      'daily_totals was (2026-12-05,1,4200)',
      'daily_totals now (2026-12-05,2,8400)',
    ]);
  });

  it('given a fact row that appeared only after the re-delivery, then it fails naming it', () => {
    const extra = { ...BEFORE, order_facts: [...(BEFORE.order_facts ?? []), '(o-2,100,,)'] };

    expect(redeliveryChangesNothing(BEFORE, extra, 3).offenders).toEqual([
      'order_facts now (o-2,100,,)',
    ]);
  });

  it('given a run that wrote no record, then it is not checked, never a pass', () => {
    expect(redeliveryChangesNothing(BEFORE, BEFORE, 0)).toMatchObject({ result: 'skipped' });
  });
});
