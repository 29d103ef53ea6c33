import { describe, expect, it } from '@jest/globals';
import { skipped, verdict } from '../invariants/verdict.js';
import { formatVerdictTable } from './verdict-table.js';

describe('formatVerdictTable', () => {
  it('given one broken invariant among others, then a row each, its offenders under it, and a count', () => {
    const ids = Array.from({ length: 12 }, (_, i) => `order-${i}`);
    const lines = formatVerdictTable([
      verdict('every outbox empty', '0 unpublished rows', '0 unpublished rows', []),
      verdict('every order final', '12 orders final', '12 pending', ids),
      skipped('reconciliation clean', 'no findings', 'no run covers the window'),
    ]);

    expect(lines[0]).toMatch(/^INVARIANT\s+EXPECTED\s+OBSERVED\s+RESULT$/);
    expect(lines[1]).toMatch(
      /^every outbox empty\s+0 unpublished rows\s+0 unpublished rows\s+PASS$/,
    );
    expect(lines[2]).toMatch(/^every order final\s+12 orders final\s+12 pending\s+FAIL$/);
    expect(lines[3]).toBe(`    offenders: ${ids.slice(0, 10).join(', ')} and 2 more`);
    expect(lines[4]).toMatch(/SKIP$/);
    expect(lines.at(-1)).toBe('1 of 3 invariants broken');
  });

  it('given only passing and skipped invariants, then the last line says they hold', () => {
    const lines = formatVerdictTable([
      verdict('every outbox empty', '0 rows', '0 rows', []),
      skipped('reconciliation clean', 'no findings', 'no run'),
    ]);

    expect(lines.at(-1)).toBe('all 1 invariants checked hold (1 skipped)');
  });

  it('given a verdict with a note, then the note follows its row, before its offenders', () => {
    const noted = {
      ...verdict('ledger', '2 handled', '1 neither', ['m-1']),
      note: 'not covered: x 3',
    };

    const lines = formatVerdictTable([noted]);

    expect(lines.slice(2, 4)).toEqual(['    note: not covered: x 3', '    offenders: m-1']);
  });
});
