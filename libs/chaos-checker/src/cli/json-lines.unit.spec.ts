import { describe, expect, it } from '@jest/globals';
import { scenarioNamed, SCENARIOS } from '../lab/catalogue.js';
import type { RunResult } from '../lab/run-scenario.js';
import { catalogueEntry, progressLine, verdictLine } from './json-lines.js';

const scenario = scenarioNamed('inventory-down');
if (scenario === undefined) throw new Error('inventory-down is not in the catalogue');

const result: RunResult = {
  scenario,
  settings: { rate: 2, durationMs: 6_000, seed: 1, quiesceMs: 60_000, weak: false },
  window: { from: '2026-12-03T10:00:00.000Z', to: '2026-12-03T10:01:00.000Z' },
  timeline: [],
  client: [
    {
      customerId: 'c1',
      key: 'k1',
      attempts: [
        { status: 503, phase: 'fault', ms: 3 },
        { status: 202, orderId: 'o1', phase: 'fault', ms: 20 },
      ],
    },
    { customerId: 'c2', key: 'k2', attempts: [{ status: 0, phase: 'after', ms: 5_000 }] },
  ],
  injectedAtMs: 2_000,
  healedAtMs: 4_000,
  quietAfterMs: 1_000,
  alerts: { rules: [], series: [], lastAnsweredAtMs: undefined, lastError: undefined },
  verdicts: [
    {
      invariant: 'every order final',
      expected: 'no PENDING',
      observed: '1 PENDING',
      result: 'fail',
      offenders: ['o1'],
      offenderCount: 1,
    },
  ],
};

describe('the lab in JSON lines', () => {
  it('given the catalogue, then each entry is plain data a console can show', () => {
    const entries = SCENARIOS.map(catalogueEntry);

    expect(JSON.parse(JSON.stringify(entries))).toEqual(entries);
    expect(entries.find((e) => e.name === 'inventory-down')).toMatchObject({
      pattern: scenario.pattern,
      shows: scenario.shows,
      fault: scenario.fault.describe,
      weak: false,
    });
  });

  it('given a progress line, then it is one JSON object naming the scenario', () => {
    expect(JSON.parse(progressLine('inventory-down', '   2.0 s  heal'))).toEqual({
      kind: 'progress',
      scenario: 'inventory-down',
      line: '2.0 s  heal',
    });
  });

  it('given a finished run, then its verdict line has each invariant, the outcome and the orders placed', () => {
    const line = JSON.parse(verdictLine(result, '/state/chaos/runs/x'));

    expect(line).toMatchObject({
      kind: 'verdict',
      scenario: 'inventory-down',
      outcome: { ok: false },
      verdicts: [{ invariant: 'every order final', result: 'fail', offenders: ['o1'] }],
      orderIds: ['o1'],
      record: '/state/chaos/runs/x',
    });
    expect(line.phases).toHaveLength(3);
  });
});
