import { describe, expect, it } from '@jest/globals';
import { DestinationHealth } from './destination-health.js';

const healthAt = (clock: { now: number }) =>
  new DestinationHealth({
    probeDelay: { baseMs: 1_000, maxMs: 8_000 },
    now: () => clock.now,
    random: () => 0.5,
  });

describe('DestinationHealth', () => {
  it('given a healthy destination, then a batch may claim up to the batch size', () => {
    expect(healthAt({ now: 0 }).streamLimit('rabbitmq', 100)).toBe(100);
  });

  it('given a batch where every publish failed, then nothing is claimed until the probe time, then one stream', () => {
    const clock = { now: 0 };
    const health = healthAt(clock);

    health.record('rabbitmq', { confirmed: 0, failed: 7 });

    expect(health.streamLimit('rabbitmq', 100)).toBe(0);
    expect(health.streamLimit('kafka', 100)).toBe(100);
    clock.now = 500; // half of the first 1 s ceiling, with random() = 0.5
    expect(health.streamLimit('rabbitmq', 100)).toBe(1);
  });

  it('given failed probes, then the wait grows up to the ceiling; given a confirm, then it is healthy again', () => {
    const clock = { now: 0 };
    const health = healthAt(clock);
    for (let failure = 0; failure < 6; failure++)
      health.record('kafka', { confirmed: 0, failed: 1 });

    clock.now = 3_999;
    expect(health.streamLimit('kafka', 100)).toBe(0);
    clock.now = 4_000; // capped at 8 s, times 0.5
    expect(health.streamLimit('kafka', 100)).toBe(1);

    health.record('kafka', { confirmed: 1, failed: 0 });
    expect(health.isDown('kafka')).toBe(false);
    expect(health.streamLimit('kafka', 100)).toBe(100);
  });

  it('given a batch with some confirms and some failures, then the destination stays healthy', () => {
    const health = healthAt({ now: 0 });
    health.record('rabbitmq', { confirmed: 1, failed: 5 });
    expect(health.isDown('rabbitmq')).toBe(false);
  });
});
