import { describe, expect, it } from '@jest/globals';
import { together } from './faults.js';
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
