import { describe, expect, it } from '@jest/globals';
import { workPerOrderLine, type WorkSnapshot } from './work-per-order.js';

const snapshot = (commits: number, rows: number, published: number): WorkSnapshot => ({
  commits: { orders: commits, inventory: commits / 2, payments: commits / 4 },
  rowsWritten: { orders: rows, inventory: rows, payments: rows },
  published,
  delivered: published / 2,
});

describe('work per confirmed order', () => {
  it('given counters before and after 100 orders, then each delta per order, one decimal', () => {
    const line = workPerOrderLine(snapshot(1_000, 0, 50), snapshot(2_100, 2_000, 1_050), 100);

    expect(line).toBe(
      'work per confirmed order: orders 11.0 commits, 20.0 rows written; ' +
        'inventory 5.5 commits, 20.0 rows written; payments 2.8 commits, 20.0 rows written; ' +
        "RabbitMQ 10.0 published, 5.0 delivered (whole servers' counters)",
    );
  });

  it('given no confirmed order, then it divides by one rather than by zero', () => {
    expect(workPerOrderLine(snapshot(0, 0, 0), snapshot(4, 0, 0), 0)).toContain(
      'orders 4.0 commits',
    );
  });
});
