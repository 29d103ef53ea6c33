import { describe, expect, it } from '@jest/globals';
import { SCENARIOS } from './catalogue.js';
import { NO_WATCHDOG_MS } from './realtime-watchers.js';
import { watchdogWindowMs } from './scenario-watchers.js';
import type { Scenario } from './scenario.js';

const scenario = (name: string): Scenario => {
  const found = SCENARIOS.find((s) => s.name === name);
  if (found === undefined) throw new Error(`no scenario ${name}`);
  return found;
};

describe("the lab's realtime watchers: their watchdog", () => {
  it('given silent-edge, then its pages drop a connection silent for longer than the gateway heartbeat allows', () => {
    const window = watchdogWindowMs(scenario('silent-edge'), false);
    const gateway = scenario('silent-edge').appSettings?.['realtime-gateway'] ?? {};

    expect(window).toBe(3_000);
    // At least two heartbeats fit in the window, so one late beat is not taken for a dead link.
    expect(Number(gateway['HEARTBEAT_INTERVAL_MS'])).toBeLessThanOrEqual((window ?? 0) / 2);
  });

  it('given its weak run, with no-heartbeat on the gateway, then the pages have no watchdog either', () => {
    expect(watchdogWindowMs(scenario('silent-edge'), true)).toBe(NO_WATCHDOG_MS);
  });

  it('given a weak run that leaves the gateway its heartbeats, then the pages keep their watchdog', () => {
    const other = { ...scenario('silent-edge'), weak: undefined };
    expect(watchdogWindowMs(other, true)).toBe(3_000);
  });

  it('given a scenario without watchers, then there are none', () => {
    expect(watchdogWindowMs(scenario('kill-email-service'), false)).toBeUndefined();
  });
});
