import { describe, expect, it } from '@jest/globals';
import { oldestWaitingAge } from './queue-monitor.js';

const now = Date.parse('2026-11-23T10:00:00Z');

describe('the age of the oldest waiting message', () => {
  it('given a head timestamp (a classic queue), then now minus it, whatever this process saw', () => {
    const info = { messages_ready: 3, head_message_timestamp: now / 1_000 - 42 };
    expect(oldestWaitingAge(info, now - 5_000, now)).toBe(42);
  });

  it('given nothing ready (empty, or all in the hands of consumers), then 0', () => {
    expect(oldestWaitingAge({ messages_ready: 0 }, undefined, now)).toBe(0);
    expect(oldestWaitingAge({}, now - 60_000, now)).toBe(0);
  });

  it('given messages ready in a quorum queue, then the age of the newest message handed out: an upper bound for the head', () => {
    expect(oldestWaitingAge({ messages_ready: 10 }, now - 7_500, now)).toBe(7.5);
  });

  it('given messages ready and nothing handed out yet, then unknown rather than a made-up 0', () => {
    expect(
      oldestWaitingAge({ messages_ready: 10, head_message_timestamp: null }, undefined, now),
    ).toBe(undefined);
  });
});
