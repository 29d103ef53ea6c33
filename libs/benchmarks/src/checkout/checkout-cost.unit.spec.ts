import { describe, expect, it } from '@jest/globals';
import { type CheckoutFigures, cpuMsPerConfirmedOrder, sideBySideRows } from './checkout-cost.js';
import type { CpuSnapshot } from './cpu-usage.js';

/** One process per group, its pid the group's position: the same pid in both snapshots. */
const PIDS = ['postgres', 'order-service', 'bench client', 'peer'];
const snapshot = (groups: Record<string, number>): CpuSnapshot => ({
  atMs: 0,
  busyTicks: 0,
  byPid: new Map(
    Object.entries(groups).map(([group, ticks]) => [PIDS.indexOf(group), { group, ticks }]),
  ),
});

describe('CPU per confirmed order', () => {
  it('given ticks used per group, then ms per order for the stack only, largest first, and their sum', () => {
    const before = snapshot({ postgres: 100, 'order-service': 50, 'bench client': 0 });
    const after = snapshot({ postgres: 300, 'order-service': 100, 'bench client': 500 });

    const cost = cpuMsPerConfirmedOrder(before, after, 100, ['order-service', 'postgres']);

    // 200 ticks = 2,000 ms over 100 orders; the bench client is not part of the stack.
    expect(cost.perGroup).toEqual([
      ['postgres', 20],
      ['order-service', 5],
    ]);
    expect(cost.total).toBe(25);
  });

  it('given a group that started during the run, then all its ticks count', () => {
    const cost = cpuMsPerConfirmedOrder(snapshot({}), snapshot({ peer: 40 }), 10, ['peer']);
    expect(cost.total).toBe(40);
  });
});

describe('the side-by-side table', () => {
  const figures = (label: string, cpu: [string, number][], p99Ms: number): CheckoutFigures => ({
    label,
    confirmed: 200,
    sustainedPerSecond: 20,
    p50Ms: 100,
    p99Ms,
    cpuMsPerOrder: cpu,
    totalCpuMsPerOrder: cpu.reduce((sum, [, ms]) => sum + ms, 0),
  });

  it('given both runs, then each figure side by side with the ratio peer / ours, "-" where a stack has no such process', () => {
    const rows = sideBySideRows(
      figures(
        'ours',
        [
          ['postgres', 30],
          ['rabbitmq', 10],
        ],
        4_000,
      ),
      figures(
        'dbos',
        [
          ['postgres', 15],
          ['dbos-peer', 5],
        ],
        1_000,
      ),
    );

    expect(rows).toContainEqual(['CPU ms per confirmed order, total', '40.0', '20.0', '0.50']);
    expect(rows).toContainEqual(['  rabbitmq', '10.0', '-', '-']);
    expect(rows).toContainEqual(['  dbos-peer', '-', '5.0', '-']);
    expect(rows).toContainEqual(['POST -> CONFIRMED p99 ms', '4000', '1000', '0.25']);
  });

  it('given a ratio under 0.1, then two significant digits rather than 0.00', () => {
    const ours = { ...figures('ours', [], 10_000), p50Ms: 7_000 };
    const peer = { ...figures('dbos', [], 300), p50Ms: 21 };

    expect(sideBySideRows(ours, peer)).toContainEqual([
      'POST -> CONFIRMED p50 ms',
      '7000',
      '21',
      '0.0030',
    ]);
  });
});
