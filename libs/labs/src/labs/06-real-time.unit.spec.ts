import { describe, expect, it } from '@jest/globals';
import { LabArgumentError, parseLabArguments } from '../cli/lab-arguments.js';
import type { PageOutcome, SilentEdgeRun } from '../system/silent-edge.js';
import { busiest, describeStorm } from '../system/storm-report.js';
import { judgeSilentEdge } from './06-real-time.judge.js';

const page = (n: number, change: Partial<PageOutcome> = {}): PageOutcome => ({
  page: n,
  orderId: `0000000${n}-0000-4000-8000-000000000000`,
  truth: 'CONFIRMED',
  shown: 'CONFIRMED',
  drops: 2,
  resubscribed: true,
  ...change,
});

const run = (change: Partial<SilentEdgeRun> = {}): SilentEdgeRun => ({
  heartbeats: true,
  silentMs: 6_200,
  pages: [page(1), page(2), page(3)],
  counted: { reconnects: 3, clientDetected: 0, gatewayDetected: 0 },
  ...change,
});

describe('lab 6: judging the pages behind a silent hop', () => {
  it('given every page noticed, came back and shows the true status, when judged, then it passes with the gateway count', () => {
    const grade = judgeSilentEdge(run());
    expect(grade.passed).toBe(true);
    expect(grade.reasons[0]).toContain('the gateway counted 3 reconnects');
    expect(grade.figures).toContain(
      'page 1: order 00000001-0000-4000-8000-000000000000 is CONFIRMED at order-service, the page shows CONFIRMED; its connection ended 2 time(s), then it resubscribed',
    );
  });

  it('given no page noticed and all show PENDING, when judged, then it fails saying nothing noticed the silence', () => {
    const stale = { shown: 'PENDING', drops: 0, resubscribed: false };
    const grade = judgeSilentEdge(
      run({
        heartbeats: false,
        pages: [page(1, stale), page(2, stale), page(3, stale)],
        counted: { reconnects: 0, clientDetected: 0, gatewayDetected: 0 },
      }),
    );
    expect(grade.passed).toBe(false);
    expect(grade.reasons[0]).toMatch(
      /^3 of 3 pages still show PENDING though order-service has CONFIRMED: the link was silent for 6.2 s and no connection ended/,
    );
    expect(grade.figures[0]).toContain('the gateway runs no-heartbeat');
  });

  it('given one page noticed but is still stale, when judged, then it fails naming the stale pages', () => {
    const grade = judgeSilentEdge(run({ pages: [page(1, { shown: 'PENDING' }), page(2)] }));
    expect(grade.passed).toBe(false);
    expect(grade.reasons[0]).toBe(
      '1 of 2 pages are stale: 0 never noticed the silence, the others did not catch up in time',
    );
  });

  it('given true statuses but a page that never dropped, when judged, then it fails: the probe proved nothing', () => {
    const grade = judgeSilentEdge(run({ pages: [page(1), page(2, { drops: 0 })] }));
    expect(grade.passed).toBe(false);
    expect(grade.reasons[0]).toContain('1 never noticed the silence');
  });

  it('given pages that say they came back but a gateway that counted fewer reconnects, when judged, then it fails', () => {
    const counted = { reconnects: 1, clientDetected: 0, gatewayDetected: 0 };
    const grade = judgeSilentEdge(run({ counted }));
    expect(grade.passed).toBe(false);
    expect(grade.reasons[0]).toContain('realtime-gateway counted 1 reconnects for 3 pages');
  });

  it('given no page at all, when judged, then it fails', () => {
    expect(judgeSilentEdge(run({ pages: [] })).passed).toBe(false);
  });
});

describe('lab 6: what the storm prints', () => {
  it('given attempt times, then the busiest window counts those within it, edges apart', () => {
    expect(busiest([500, 501, 530, 700, 1_500], 100)).toBe(3);
    expect(busiest([0, 100, 200], 100)).toBe(1);
    expect(busiest([], 100)).toBe(0);
  });

  it('given two groups, then each gets a column per 250 ms, a summary and the gateway ready mark', () => {
    const lines = describeStorm(
      [
        { name: 'no jitter', attempts: [510, 512, 1_510, 1_511], backAt: [1_600, 1_620] },
        { name: 'full jitter', attempts: [100, 400, 900, 1_300], backAt: [1_350, 1_800] },
      ],
      1_400,
    );
    expect(lines).toContain(
      'no jitter: 4 attempts, at most 2 within 100 ms; all 2 back between +1.60 s and +1.62 s',
    );
    expect(lines).toContain(
      'full jitter: 4 attempts, at most 1 within 100 ms; all 2 back between +1.35 s and +1.80 s',
    );
    expect(lines.filter((l) => /^ +\+\d/.test(l))).toHaveLength(7);
    expect(lines.find((l) => l.includes('<- gateway ready'))).toMatch(/^ {3}\+1\.25 s/);
    expect(lines.at(-1)).toBe('the gateway was ready again at +1.40 s');
  });
});

describe('lab 6: its commands, parsed', () => {
  const parse = (...args: string[]) => parseLabArguments(args, [6]);

  it('given watch and storm without options, then three pages and fifty a group', () => {
    expect(parse('watch')).toEqual({ command: 'watch', orders: 3 });
    expect(parse('storm', '--clients', '20')).toEqual({ command: 'storm', clients: 20 });
    expect(parse('storm')).toEqual({ command: 'storm', clients: 50 });
  });

  it('given counts out of bounds or an unknown option, then each is refused with the bounds', () => {
    expect(() => parse('watch', '--orders', '11')).toThrow(
      new LabArgumentError('--orders takes a whole number from 1 to 10, not 11'),
    );
    expect(() => parse('storm', '--clients', '0')).toThrow('from 1 to 200, not 0');
    expect(() => parse('storm', '--orders', '3')).toThrow('unknown option --orders');
  });
});
