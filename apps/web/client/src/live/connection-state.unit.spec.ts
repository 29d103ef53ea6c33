import { describe, expect, it } from '@jest/globals';
import type { ConnectionEvent } from '@pattern-shop/realtime-client';
import {
  type ConnectionMemory,
  describeConnection,
  initialConnection,
  nextConnection,
} from './connection-state';

const replay = (events: ConnectionEvent[]): ConnectionMemory =>
  events.reduce(nextConnection, initialConnection);

describe('the order page connection state', () => {
  it('given a first connection, when subscribed, then it shows connected', () => {
    const memory = replay([
      { type: 'connecting', attempt: 1, at: 0 },
      { type: 'connected', attempt: 1, at: 10 },
      { type: 'subscribed', at: 20 },
    ]);
    expect(describeConnection(memory.state, 20)).toBe('connected: live');
  });

  it('given a lost connection, then it counts down to the next attempt in seconds', () => {
    const memory = replay([
      { type: 'subscribed', at: 0 },
      { type: 'disconnected', reason: 'transport close', at: 1_000 },
      { type: 'reconnect-scheduled', attempt: 1, delayMs: 4_200, at: 1_000 },
    ]);
    expect(describeConnection(memory.state, 1_000)).toBe('reconnecting in 5 s');
    expect(describeConnection(memory.state, 4_500)).toBe('reconnecting in 1 s');
  });

  it('given a reconnect after a loss, when subscribed again, then it shows resynced, not connected', () => {
    const memory = replay([
      { type: 'subscribed', at: 0 },
      { type: 'reconnect-scheduled', attempt: 1, delayMs: 500, at: 1_000 },
      { type: 'connecting', attempt: 2, at: 1_500 },
      { type: 'subscribed', at: 1_600 },
    ]);
    expect(memory.state).toEqual({ kind: 'resynced', at: 1_600 });
  });

  it('given a refused token, then it says so instead of retrying', () => {
    const memory = replay([
      { type: 'refused', error: { code: 'unauthorized', message: 'access token expired' }, at: 5 },
    ]);
    expect(describeConnection(memory.state, 5)).toBe('refused: access token expired');
  });
});
