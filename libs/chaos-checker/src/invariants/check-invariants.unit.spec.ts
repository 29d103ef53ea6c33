import { describe, expect, it } from '@jest/globals';
import { brokenInvariants, checkInvariants } from './check-invariants.js';
import type { SystemSnapshot } from './snapshot.js';
import { cleanSnapshot, CUSTOMER, TAKEN_AT } from './testing/snapshot-kit.js';

const broken = (snapshot: SystemSnapshot) =>
  brokenInvariants(checkInvariants(snapshot)).map((v) => v.invariant);

describe('checkInvariants: a clean run and the run window', () => {
  it('given a run whose every record agrees, when checked, then every invariant passes', () => {
    const clean = cleanSnapshot();
    const verdicts = checkInvariants({
      ...clean,
      scope: { ...clean.scope, customerIds: undefined },
    });

    expect(verdicts.map((v) => [v.id, v.result])).toEqual(verdicts.map((v) => [v.id, 'pass']));
    expect(verdicts).toHaveLength(20);
  });

  it('given the same run narrowed to its customers, then all pass but the orphan-charge check, skipped', () => {
    const verdicts = checkInvariants(cleanSnapshot());

    expect(verdicts.filter((v) => v.result !== 'pass').map((v) => [v.id, v.result])).toEqual([
      ['no-charge-without-order', 'skipped'],
    ]);
  });

  it('given a broken order of another customer, when checked for the run customers, then it is not the run’s', () => {
    const clean = cleanSnapshot();
    const stray = {
      ...(clean.orders[0] as SystemSnapshot['orders'][number]),
      orderId: '99999999-9999-4999-8999-999999999999',
      customerId: 'cust-earlier-test',
      status: 'PENDING' as const,
    };

    expect(broken({ ...clean, orders: [...clean.orders, stray] })).toEqual([]);
  });

  it('given an order created before the window, when checked, then it is left out', () => {
    const clean = cleanSnapshot();
    const early = {
      ...(clean.orders[0] as SystemSnapshot['orders'][number]),
      orderId: '88888888-8888-4888-8888-888888888888',
      customerId: CUSTOMER,
      status: 'PENDING' as const,
      createdAt: '2026-12-03T09:59:59.999Z',
    };

    expect(broken({ ...clean, orders: [...clean.orders, early] })).toEqual([]);
  });

  it('given thousands of offenders, when checked, then a verdict names ten and counts them all', () => {
    const clean = cleanSnapshot();
    const outbox = Array.from({ length: 2_000 }, (_, i) => ({
      service: 'order-service',
      id: String(i),
      type: 'OrderPlaced',
      createdAt: TAKEN_AT,
    }));

    const [verdict] = brokenInvariants(checkInvariants({ ...clean, outbox }));

    expect(verdict?.id).toBe('outboxes-empty');
    expect(verdict?.offenders).toHaveLength(10);
    expect(verdict?.offenderCount).toBe(2_000);
    expect(verdict?.observed).toBe('unpublished: order-service 2000');
  });

  it('given a policy that allows what a scenario causes, when checked, then only the rest fails', () => {
    const clean = cleanSnapshot();
    const poison = {
      broker: 'rabbitmq' as const,
      source: 'payment.commands.dlq',
      messageId: 'm-1',
      type: 'ChargePayment',
      reason: 'poison: not JSON',
      failedAt: TAKEN_AT,
    };
    const snapshot = { ...clean, deadLetters: [poison] };

    expect(broken(snapshot)).toEqual(['every dead letter accounted for']);
    const allowed = checkInvariants(snapshot, {
      expectedDeadLetters: [{ source: 'payment.commands.dlq', reasonIncludes: 'poison' }],
    });
    expect(brokenInvariants(allowed)).toEqual([]);
  });
});
