import { describe, expect, it } from '@jest/globals';
import { reconciliationSourceCut } from './batch-faults.js';
import { KILL_MOMENT_BOUND_MS, KILL_MOMENT_POLL_MS, killWhen, together } from './faults.js';
import { projectionAheadOfOffset, sagaIn } from './kill-moments.js';
import { refundsFailingThenRetried } from './parked-sagas.js';
import type { Fault, FaultContext } from './scenario.js';

const recorded = (name: string, events: string[], fakeClock?: Fault['fakeClock']): Fault => ({
  describe: name,
  ...(fakeClock === undefined ? {} : { fakeClock }),
  inject: async () => void events.push(`inject ${name}`),
  heal: async () => void events.push(`heal ${name}`),
});

describe('together', () => {
  it('given two faults, when injected and healed, then the second comes after the stagger, both are held, and they heal the other way round', async () => {
    const events: string[] = [];
    const context = { wait: async (ms: number) => void events.push(`wait ${ms}`) };
    const fault = together(
      [recorded('slow', events), recorded('clock', events, ['order-service'])],
      2_000,
    );

    await fault.inject(context as unknown as FaultContext);
    await fault.heal(context as unknown as FaultContext);

    expect(fault.describe).toBe('slow, and meanwhile clock');
    expect(fault.fakeClock).toEqual(['order-service']);
    expect(events).toEqual(['inject slow', 'wait 2000', 'inject clock', 'heal clock', 'heal slow']);
  });
});

/** A context whose moment comes after `comesAfter` looks (never when undefined); it records. */
const lookingContext = (comesAfter: number | undefined) => {
  const events: string[] = [];
  let looks = 0;
  const context = {
    wait: async (ms: number) => void events.push(`wait ${ms}`),
    log: (event: string) => void events.push(event),
    app: () => ({ kill: async () => void events.push(`kill after ${looks} looks`) }),
  };
  const moment = {
    describe: 'a saga in CHARGING',
    caught: async () => {
      looks += 1;
      return comesAfter !== undefined && looks >= comesAfter ? 'order o-1' : undefined;
    },
  };
  return { events, context: context as unknown as FaultContext, moment };
};

describe('killWhen', () => {
  it('given the moment comes at the third look, when injected, then it kills right then and says what it caught', async () => {
    const { events, context, moment } = lookingContext(3);

    await killWhen('order-service', moment, 'crash').inject(context);

    expect(events).toEqual([
      `wait ${KILL_MOMENT_POLL_MS}`,
      `wait ${KILL_MOMENT_POLL_MS}`,
      'kill after 3 looks',
      'order-service killed at a saga in CHARGING: caught order o-1',
    ]);
  });

  it('given the moment never comes, when injected, then it stops looking at its bound, kills anyway and says the kill was blind', async () => {
    const { events, context, moment } = lookingContext(undefined);

    await killWhen('order-service', moment, 'crash').inject(context);

    const waits = events.filter((event) => event.startsWith('wait'));
    expect(waits).toHaveLength(KILL_MOMENT_BOUND_MS / KILL_MOMENT_POLL_MS);
    expect(events.slice(-2)).toEqual([
      `kill after ${waits.length + 1} looks`,
      'order-service killed blind: no a saga in CHARGING within 20 s',
    ]);
  });

  it('given a look that fails, when injected, then it logs why and looks again', async () => {
    const { events, context } = lookingContext(undefined);
    let looks = 0;
    const flaky = {
      describe: 'a saga in VOIDING',
      caught: async () => {
        looks += 1;
        if (looks === 1) throw new Error('connection refused');
        return 'order o-2';
      },
    };

    await killWhen('order-service', flaky, 'crash').inject(context);

    expect(events).toEqual([
      'looking for a saga in VOIDING failed: connection refused',
      `wait ${KILL_MOMENT_POLL_MS}`,
      'kill after 0 looks',
      'order-service killed at a saga in VOIDING: caught order o-2',
    ]);
  });
});

describe('kill moments', () => {
  it('given no saga in the state, then the moment has not come; given two, then it names one', async () => {
    const rows: unknown[][] = [[], [{ n: 2, example: 'o-7' }]];
    const context = { queryDb: async () => rows.shift() } as unknown as FaultContext;

    expect(await sagaIn('REFUNDING').caught(context)).toBeUndefined();
    expect(await sagaIn('REFUNDING').caught(context)).toBe(
      '2 saga(s) in REFUNDING, e.g. order o-7',
    );
  });

  it('given the projection at the committed offset, then not caught; given it ahead, then caught', async () => {
    const positions = [{ topic: 'orders.events', partition: 1, next_offset: '40' }];
    const at = (committed: number) =>
      ({
        queryDb: async () => positions,
        analyticsCommittedOffsets: async () => new Map([['orders.events:1', committed]]),
      }) as unknown as FaultContext;

    expect(await projectionAheadOfOffset.caught(at(40))).toBeUndefined();
    expect(await projectionAheadOfOffset.caught(at(37))).toBe(
      'orders.events[1]: projection at 40, committed offset 37',
    );
  });
});

describe('faults that act as the person on call', () => {
  const recordingCalls = (overrides: Partial<Record<keyof FaultContext, unknown>>) => {
    const events: string[] = [];
    const context = {
      log: (event: string) => void events.push(event),
      wait: async () => undefined,
      toxiproxy: {
        setEnabled: async (proxy: string, on: boolean) =>
          void events.push(`${on ? 'enable' : 'cut'} ${proxy}`),
      },
      providerBehaviour: async (b: object) => void events.push(`provider ${JSON.stringify(b)}`),
      ...overrides,
    };
    return { events, context: context as unknown as FaultContext };
  };

  it('given the reconciliation fails with its source cut, when injected, then the link stays cut until the alert is active, and the heal runs the same window again', async () => {
    const windows: string[] = [];
    let looks = 0;
    const { events, context } = recordingCalls({
      runReconciliation: async (from: Date, to: Date) => {
        windows.push(`${to.getTime() - from.getTime()}`);
        return { code: windows.length === 1 ? 1 : 0, stderr: 'payment-service: ECONNREFUSED\n' };
      },
      alertActive: async () => ++looks === 3,
    });
    const fault = reconciliationSourceCut('payment-service', 'source gone');

    await fault.inject(context);
    await fault.heal(context);

    expect(windows).toEqual(['60000', '60000']);
    expect(events).toEqual([
      'cut analytics-service.payment-service',
      'hop analytics-service.payment-service cut',
      'reconciliation with payment-service cut exited 1: payment-service: ECONNREFUSED',
      'BatchJobLastRunFailed active 3 s after the failed run',
      'enable analytics-service.payment-service',
      'hop analytics-service.payment-service restored',
      'reconciliation of the same window again: exited 0',
    ]);
  });

  it('given a reconciliation that exits 0 with its source cut, then the timeline says it passed a page it could not read', async () => {
    const { events, context } = recordingCalls({
      runReconciliation: async () => ({ code: 0, stderr: 'succeeded; 0 rows checked' }),
      alertActive: async () => false,
    });

    await reconciliationSourceCut('payment-service', 'source gone').inject(context);

    expect(events).toContain(
      'reconciliation with payment-service cut exited 0: it passed a page it could not read (succeeded; 0 rows checked)',
    );
    expect(events.at(-1)).toBe('BatchJobLastRunFailed not active within 90 s of the failed run');
  });

  it('given refunds failing, when injected, then the fault holds until a saga has parked, and says when', async () => {
    const parked = [0, 0, 2];
    const { events, context } = recordingCalls({
      queryDb: async () => [{ n: parked.shift() ?? 0 }],
    });

    await refundsFailingThenRetried('refunds failing').inject(context);

    expect(parked).toEqual([]);
    expect(events).toEqual([
      'provider {"refundErrorRate":1}',
      'payment-provider refuses every refund',
      '2 saga(s) parked 1.5 s after the refunds began failing',
    ]);
  });

  it('given two parked sagas and one refund still retrying, when healed, then it waits for the refund and the page, and retries each parked saga once', async () => {
    const refunding = [1, 0];
    const calls: string[] = [];
    const { events, context } = recordingCalls({
      queryDb: async () => [{ n: refunding.shift() ?? 0 }],
      operatorCall: async (_app: string, method: string, path: string) => {
        calls.push(`${method} ${path}`);
        return method === 'GET'
          ? { status: 200, body: { items: [{ orderId: 'o-1' }, { orderId: 'o-2' }] } }
          : { status: 202, body: undefined };
      },
      alertActive: async () => (calls.push('alert?'), calls.length > 2),
    });

    await refundsFailingThenRetried('refunds failing').heal(context);

    expect(refunding).toEqual([]);
    expect(calls).toEqual([
      'GET /sagas?state=COMPENSATION_FAILED&limit=200',
      'alert?',
      'alert?',
      'POST /sagas/o-1/retry',
      'POST /sagas/o-2/retry',
    ]);
    expect(events.at(-1)).toBe(
      'retried 2 parked saga(s) through POST /sagas/:orderId/retry: o-1, o-2',
    );
  });
});
