import { describe, expect, it } from '@jest/globals';
import { brokenInvariants, checkInvariants } from './check-invariants.js';
import type { SystemSnapshot } from './snapshot.js';
import { cleanSnapshot, REFUNDED_ID, TAKEN_AT, verdictOf } from './testing/snapshot-kit.js';

const broken = (snapshot: SystemSnapshot) =>
  brokenInvariants(checkInvariants(snapshot)).map((v) => v.invariant);

const clean = cleanSnapshot();
const withStock = (stock: Partial<SystemSnapshot['stock']>) => ({
  ...clean,
  stock: { ...clean.stock, ...stock },
});

describe('invariants: stock conserved and never negative, messages all delivered', () => {
  it('given units gone without any movement (an oversell hidden from the ledger), then the product is off', () => {
    const snapshot = withStock({ current: { 'MUG-001': 6, 'TEE-002': 0 } });

    expect(broken(snapshot)).toEqual(['stock: initial - confirmed = current']);
    expect(verdictOf(checkInvariants(snapshot), 'initial - confirmed').offenders).toEqual([
      'MUG-001',
    ]);
  });

  it('given negative stock, then “never negative” names the product', () => {
    const snapshot = withStock({ current: { 'MUG-001': 8, 'TEE-002': -3 } });

    expect(broken(snapshot)).toEqual([
      'stock: initial - confirmed = current',
      'stock never negative (no oversell)',
    ]);
    expect(verdictOf(checkInvariants(snapshot), 'negative').observed).toBe('TEE-002 at -3');
  });

  it('given a cancelled order whose reservation was never released, then the order keeps stock it must not', () => {
    const movements = clean.stock.movements.filter((m) => m.kind !== 'RELEASE');
    const snapshot = withStock({ movements, initial: undefined });

    expect(broken(snapshot)).toEqual([
      'stock: initial - confirmed = current',
      'stock: moved as each order ended',
    ]);
    expect(verdictOf(checkInvariants(snapshot), 'moved as').offenders).toEqual([REFUNDED_ID]);
  });

  it('given restocks and other customers’ orders moving the same product, then they are accounted by the ledger', () => {
    const movements = [
      ...clean.stock.movements,
      { orderId: null, sku: 'MUG-001', kind: 'RESTOCK' as const, quantity: 5 },
      { orderId: 'not-the-run', sku: 'MUG-001', kind: 'RESERVE' as const, quantity: -1 },
    ];

    expect(broken(withStock({ movements, current: { 'MUG-001': 12, 'TEE-002': 0 } }))).toEqual([]);
  });

  it('given an outbox row left behind, then “every outbox empty” names the service and row', () => {
    const row = {
      service: 'payment-service',
      id: '42',
      type: 'PaymentCharged',
      createdAt: TAKEN_AT,
    };

    const verdict = verdictOf(checkInvariants({ ...clean, outbox: [row] }), 'outbox');

    expect(verdict).toMatchObject({
      result: 'fail',
      observed: 'unpublished: payment-service 1',
      offenders: ['payment-service:42 PaymentCharged'],
    });
  });

  it('given a dead letter no scenario expects, then it is unaccounted and named', () => {
    const letter = {
      broker: 'kafka' as const,
      source: 'analytics-service.dlq',
      messageId: 'm-7',
      type: 'OrderPlaced',
      reason: 'unknown version 9',
      failedAt: TAKEN_AT,
    };

    const verdict = verdictOf(checkInvariants({ ...clean, deadLetters: [letter] }), 'dead letter');

    expect(verdict.result).toBe('fail');
    expect(verdict.offenders).toEqual(['analytics-service.dlq:m-7 OrderPlaced']);
  });

  it('given a planted poison message that never reached the dead letters, then it is named as missing', () => {
    const planted = (messageId: string) => ({
      broker: 'rabbitmq' as const,
      source: 'payment.commands.dlq',
      messageId,
      type: 'ChargePayment',
      reason: 'Unexpected token',
      failedAt: TAKEN_AT,
    });
    const policy = {
      expectedDeadLetters: [
        { source: 'payment.commands.dlq', messageIdPrefix: 'chaos-poison-', count: 2 },
      ],
    };

    const both = checkInvariants(
      { ...clean, deadLetters: [planted('chaos-poison-1'), planted('chaos-poison-2')] },
      policy,
    );
    const one = checkInvariants({ ...clean, deadLetters: [planted('chaos-poison-1')] }, policy);

    expect(verdictOf(both, 'dead letter').result).toBe('pass');
    expect(verdictOf(one, 'dead letter')).toMatchObject({
      result: 'fail',
      observed:
        '1 dead letters, all expected; expected but not found: payment.commands.dlq chaos-poison-*: 1 of 2',
    });
  });

  it('given messages still waiting or unacked in a consumed queue, then the queue is named with its count', () => {
    const queues = [...clean.queues, { name: 'inventory.commands.retry.1s', messages: 3 }];

    const verdict = verdictOf(checkInvariants({ ...clean, queues }), 'queues');

    expect(verdict).toMatchObject({
      result: 'fail',
      observed: '3 messages in 1 queues',
      offenders: ['inventory.commands.retry.1s (3)'],
    });
  });
});
