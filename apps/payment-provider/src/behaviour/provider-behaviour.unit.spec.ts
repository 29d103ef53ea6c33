import { describe, expect, it } from '@jest/globals';
import {
  answerDelayMs,
  behaviourSchema,
  chargeOutcome,
  DEFAULT_BEHAVIOUR,
  declineReason,
  refundOutcome,
  simulationHeaders,
} from './provider-behaviour.js';

/** A random source that returns the given draws in turn. */
const draws =
  (...values: number[]) =>
  () => {
    const value = values.shift();
    if (value === undefined) throw new Error('no draw left');
    return value;
  };

describe('payment-provider knobs', () => {
  it('given no knobs, when parsed, then the provider is fast, never fails and never declines', () => {
    expect(DEFAULT_BEHAVIOUR).toEqual({
      latencyMs: 0,
      latencyJitterMs: 0,
      errorRate: 0,
      declineRate: 0,
      refundErrorRate: 0,
    });
  });

  it('given a PUT with one knob, when parsed, then the others take their defaults', () => {
    expect(behaviourSchema.parse({ errorRate: 0.5 })).toEqual({
      ...DEFAULT_BEHAVIOUR,
      errorRate: 0.5,
    });
  });

  it.each([
    [{ errorRate: 1.5 }, 'errorRate'],
    [{ declineRate: -0.1 }, 'declineRate'],
    [{ latencyMs: 2.5 }, 'latencyMs'],
    [{ latencyJitterMs: 600_000 }, 'latencyJitterMs'],
    [{ refundErrorRate: '1' }, 'refundErrorRate'],
    [{ surprise: 1 }, ''],
  ])('given %j, when parsed, then it is refused naming %s', (knobs, path) => {
    const result = behaviourSchema.safeParse(knobs);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path.join('.')).toBe(path);
  });
});

describe('payment-provider decisions', () => {
  const failing = { ...DEFAULT_BEHAVIOUR, errorRate: 0.3, declineRate: 0.5 };

  it('given an error rate, when the draw falls under it, then the charge errors', () => {
    expect(chargeOutcome(failing, {}, draws(0.29))).toBe('error');
  });

  it('given a draw above the error rate, when the next draw falls under the decline rate, then the charge is declined', () => {
    expect(chargeOutcome(failing, {}, draws(0.3, 0.49))).toBe('decline');
    expect(chargeOutcome(failing, {}, draws(0.3, 0.5))).toBe('approve');
  });

  it('given an outcome override, when deciding, then the knobs and the draws are ignored', () => {
    expect(chargeOutcome({ ...failing, errorRate: 1 }, { outcome: 'approve' }, draws())).toBe(
      'approve',
    );
  });

  it('given a refund error rate or the fail override, when refunding, then the refund errors', () => {
    const refunds = { ...DEFAULT_BEHAVIOUR, refundErrorRate: 0.2 };
    expect(refundOutcome(refunds, {}, draws(0.1))).toBe('error');
    expect(refundOutcome(refunds, {}, draws(0.2))).toBe('refund');
    expect(refundOutcome(DEFAULT_BEHAVIOUR, { refundFails: true }, draws())).toBe('error');
  });

  it('given latency and jitter, when delaying, then latency plus a share of the jitter; a latency override wins', () => {
    const slow = { ...DEFAULT_BEHAVIOUR, latencyMs: 100, latencyJitterMs: 50 };
    expect(answerDelayMs(slow, {}, draws(0.5))).toBe(125);
    expect(answerDelayMs(slow, { latencyMs: 7 }, draws())).toBe(7);
  });

  it('given a draw, when a decline reason is picked, then it is one a card processor gives', () => {
    expect(declineReason(draws(0))).toBe('insufficient_funds');
    expect(declineReason(draws(0.99))).toBe('expired_card');
  });
});

describe('x-simulate-* headers', () => {
  it('given override headers, when read, then they become overrides; other headers are ignored', () => {
    expect(
      simulationHeaders.parse({
        'x-simulate-latency-ms': '250',
        'x-simulate-outcome': 'decline',
        'x-simulate-refund': 'fail',
        host: 'localhost',
      }),
    ).toEqual({ latencyMs: 250, outcome: 'decline', refundFails: true });
  });

  it.each([
    { 'x-simulate-outcome': 'maybe' },
    { 'x-simulate-latency-ms': 'soon' },
    { 'x-simulate-refund': 'yes' },
  ])('given %j, when read, then it is refused', (headers) => {
    expect(simulationHeaders.safeParse(headers).success).toBe(false);
  });
});
