import { describe, expect, it } from '@jest/globals';
import { judgeOutbox } from './08-outbox.js';

const ORDERS = ['o-1', 'o-2', 'o-3'];

describe('lab 8: graded from what reached analytics after a cut link and a stopped order-service', () => {
  it('given every order projected and the outbox empty, then it passes', () => {
    const grade = judgeOutbox({
      chaos: true,
      weak: [],
      trial: { orderIds: ORDERS, projected: ORDERS, settled: true, pendingOutboxRows: 0 },
    });
    expect(grade.passed).toBe(true);
    expect(grade.figures).toContain('order-service runs with: its defaults (the outbox)');
    expect(grade.figures).toContain(
      '3 orders placed with order-service cut from Kafka, then stopped: analytics counted 3',
    );
  });

  it('given orders missing once nothing is left to deliver, then it fails naming them', () => {
    const grade = judgeOutbox({
      chaos: true,
      weak: ['publish-after-commit'],
      trial: { orderIds: ORDERS, projected: ['o-2'], settled: true, pendingOutboxRows: 0 },
    });
    expect(grade.passed).toBe(false);
    expect(grade.reasons.join()).toContain(
      '2 of 3 orders never reached Kafka, and nothing anywhere holds their OrderPlaced any more (o-1, o-3)',
    );
    expect(grade.figures).toContain('order-service runs with: weak publish-after-commit');
  });

  it('given rows still waiting when the wait ended, then it fails on the relay, not on loss', () => {
    const grade = judgeOutbox({
      chaos: true,
      weak: [],
      trial: { orderIds: ORDERS, projected: [], settled: false, pendingOutboxRows: 3 },
    });
    expect(grade.passed).toBe(false);
    expect(grade.reasons.join()).toContain('order-service still holds 3 unpublished row(s)');
  });

  it('given a stack not in chaos mode, then it fails saying how to start one', () => {
    const grade = judgeOutbox({ chaos: false, weak: [] });
    expect(grade.passed).toBe(false);
    expect(grade.reasons.join()).toContain('start the stack in chaos mode (CHAOS=1 ./bin/run)');
  });
});
