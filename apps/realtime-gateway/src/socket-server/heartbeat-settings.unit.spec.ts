import { describe, expect, it } from '@jest/globals';
import { heartbeatSettings, NO_HEARTBEAT_PING_MS } from './heartbeat-settings.js';

const configured = {
  SOCKET_PING_INTERVAL_MS: 5_000,
  SOCKET_PING_TIMEOUT_MS: 4_000,
  HEARTBEAT_INTERVAL_MS: 3_000,
};

describe("realtime-gateway's heartbeats and the weak variant no-heartbeat", () => {
  it('given no weak mechanism, then both heartbeats run as configured', () => {
    expect(heartbeatSettings({ ...configured, WEAK_MECHANISMS: [] })).toEqual({
      pingIntervalMs: 5_000,
      pingTimeoutMs: 4_000,
      heartbeatIntervalMs: 3_000,
    });
  });

  it('given no-heartbeat, then there is no application heartbeat and the ping comes too rarely to notice a dead link within a run', () => {
    const weak = heartbeatSettings({ ...configured, WEAK_MECHANISMS: ['no-heartbeat'] });

    expect(weak.heartbeatIntervalMs).toBeUndefined();
    expect(weak.pingIntervalMs).toBeGreaterThanOrEqual(3_600_000);
    // The client arms one timer of interval + timeout; past 2^31-1 ms Node fires it at once.
    expect(weak.pingIntervalMs + weak.pingTimeoutMs).toBeLessThan(2 ** 31 - 1);
    expect(weak.pingTimeoutMs).toBe(NO_HEARTBEAT_PING_MS);
  });

  it('given another weak mechanism only, then the heartbeats are untouched', () => {
    expect(heartbeatSettings({ ...configured, WEAK_MECHANISMS: ['ack-before-effect'] })).toEqual(
      heartbeatSettings({ ...configured, WEAK_MECHANISMS: [] }),
    );
  });
});
