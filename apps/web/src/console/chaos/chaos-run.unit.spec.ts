import { describe, expect, it } from '@jest/globals';
import { evolveRun, finishedRun, parseLabLine, startedRun } from './chaos-run.js';

const REQUEST = { scenario: 'inventory-down', rate: 2, durationS: 6, seed: 1 };
const T0 = new Date('2026-12-03T10:00:00.000Z');
const T1 = new Date('2026-12-03T10:01:00.000Z');
const VERDICT = {
  kind: 'verdict',
  scenario: 'inventory-down',
  outcome: { ok: true, line: 'PASS' },
  verdicts: [
    {
      invariant: 'every order final',
      expected: 'none PENDING',
      observed: 'none PENDING',
      result: 'pass',
      offenders: [],
      offenderCount: 0,
    },
  ],
  phases: [{ phase: 'before', attempts: 4, byStatus: { '202': 4 }, p50: 20, p99: 30 }],
  injectedAtMs: 2_000,
  healedAtMs: 4_000,
  window: { from: T0.toISOString(), to: T1.toISOString() },
  orderIds: ['o1'],
  record: '/state/chaos/runs/x',
};

describe('a chaos run as the console follows it', () => {
  it('given lines that are not the lab JSON lines, then they are ignored', () => {
    expect(parseLabLine('> npm run chaos')).toBeUndefined();
    expect(parseLabLine('{"kind":"something else"}')).toBeUndefined();
  });

  it('given progress lines, when the run evolves, then it keeps the latest ones in order', () => {
    let run = startedRun(REQUEST, T0);
    for (let i = 0; i < 45; i++) {
      const line = parseLabLine(JSON.stringify({ kind: 'progress', line: `line ${i}` }));
      if (line !== undefined) run = evolveRun(run, line);
    }

    expect(run.state).toBe('running');
    expect(run.progress).toHaveLength(40);
    expect(run.progress.at(-1)).toBe('line 44');
  });

  it('given a passing verdict, when the lab exits, then the run passed with every invariant', () => {
    const verdict = parseLabLine(JSON.stringify(VERDICT));
    if (verdict === undefined) throw new Error('the verdict line was not read');

    const run = finishedRun(evolveRun(startedRun(REQUEST, T0), verdict), 0, [], T1);

    expect(run).toMatchObject({ state: 'passed', finishedAt: T1.toISOString() });
    expect(run.verdict?.verdicts[0]?.result).toBe('pass');
    expect(run.verdict?.orderIds).toEqual(['o1']);
  });

  it('given a broken invariant, when the lab exits 1, then the run failed', () => {
    const broken = { ...VERDICT, outcome: { ok: false, line: 'FAIL (every order final)' } };
    const line = parseLabLine(JSON.stringify(broken));
    if (line === undefined) throw new Error('the verdict line was not read');

    expect(finishedRun(evolveRun(startedRun(REQUEST, T0), line), 1, [], T1).state).toBe('failed');
  });

  it('given no verdict, when the lab exits, then the run could not run and says why', () => {
    const refused = ['the chaos lab cannot run here:', '  port 3001 (order-service) is taken'];

    expect(finishedRun(startedRun(REQUEST, T0), 2, refused, T1)).toMatchObject({
      state: 'could-not-run',
      problem: refused.join('\n'),
    });
    expect(finishedRun(startedRun(REQUEST, T0), null, [], T1).problem).toMatch(/on a signal/);
  });
});
