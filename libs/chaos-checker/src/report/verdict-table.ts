import type { Verdict } from '../invariants/verdict.js';

const RESULT = { pass: 'PASS', fail: 'FAIL', skipped: 'SKIP' } as const;

const fit = (text: string, width: number) =>
  text.length <= width ? text.padEnd(width) : `${text.slice(0, width - 1)}…`;

/**
 * The verdict table a person reads after a run: one line per invariant (invariant, expected,
 * observed, result), and under each broken one the ids to look at first.
 */
export const formatVerdictTable = (verdicts: readonly Verdict[]): string[] => {
  const widths = { invariant: 44, expected: 48, observed: 52 };
  const row = (invariant: string, expected: string, observed: string, result: string) =>
    [
      fit(invariant, widths.invariant),
      fit(expected, widths.expected),
      fit(observed, widths.observed),
      result,
    ].join('  ');
  const lines = [row('INVARIANT', 'EXPECTED', 'OBSERVED', 'RESULT')];
  for (const v of verdicts) {
    lines.push(row(v.invariant, v.expected, v.observed, RESULT[v.result]));
    if (v.note !== undefined) lines.push(`    note: ${v.note}`);
    if (v.offenders.length > 0) {
      const more =
        v.offenderCount > v.offenders.length
          ? ` and ${v.offenderCount - v.offenders.length} more`
          : '';
      lines.push(
        `    ${v.result === 'fail' ? 'offenders' : 'named'}: ${v.offenders.join(', ')}${more}`,
      );
    }
  }
  const broken = verdicts.filter((v) => v.result === 'fail').length;
  const skipped = verdicts.filter((v) => v.result === 'skipped').length;
  lines.push(
    broken === 0
      ? `all ${verdicts.length - skipped} invariants checked hold${skipped > 0 ? ` (${skipped} skipped)` : ''}`
      : `${broken} of ${verdicts.length} invariants broken`,
  );
  return lines;
};
