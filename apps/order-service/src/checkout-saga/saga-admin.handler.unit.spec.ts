import { describe, expect, it } from '@jest/globals';
import type { DataSource, EntityManager } from 'typeorm';
import type { AdvanceOutcome } from './checkout-saga.runtime.js';
import { SagaAdminHandler } from './saga-admin.handler.js';

const ORDER = '0b6c5a0e-0000-4000-8000-00000000000a';
const tx = { name: 'the transaction' } as unknown as EntityManager;

/** A runtime that answers `outcome` and records the transaction and input it was given. */
const runtimeAnswering = (outcome: AdvanceOutcome) => {
  const calls: unknown[][] = [];
  return {
    calls,
    advance: async (...args: unknown[]) => {
      calls.push(args);
      return outcome;
    },
  };
};

const dataSource = {
  transaction: async <T>(work: (manager: EntityManager) => Promise<T>) => work(tx),
} as unknown as DataSource;

describe("an operator's request to a saga", () => {
  it('given no saga for the order, then it answers unknown-saga', async () => {
    const runtime = runtimeAnswering({ kind: 'unknown-saga' });
    const outcome = await new SagaAdminHandler(dataSource, runtime).request(
      ORDER,
      'RetryRequested',
      'corr-1',
    );
    expect(outcome).toEqual({ kind: 'unknown-saga' });
  });

  it('given a saga that ignores the request, then it is refused with the saga reason', async () => {
    const runtime = runtimeAnswering({ kind: 'ignored', reason: 'not CANCELLED' });
    const outcome = await new SagaAdminHandler(dataSource, runtime).request(
      ORDER,
      'RepairRequested',
      'corr-2',
    );
    expect(outcome).toEqual({ kind: 'refused', reason: 'not CANCELLED' });
    expect(runtime.calls).toEqual([[tx, ORDER, { type: 'RepairRequested' }, 'corr-2']]);
  });
});
