import { describe, expect, it } from '@jest/globals';
import {
  chargeResultOf,
  ProviderRefusedRequest,
  ProviderUnavailable,
  refundIdOf,
  worthRetrying,
} from './provider-answers.js';

describe('reading the payment-provider answers in the peer', () => {
  it('given 201 with a chargeId, then the charge is captured', () => {
    expect(chargeResultOf({ status: 201, body: { chargeId: 'ch_1', status: 'captured' } })).toEqual(
      {
        kind: 'captured',
        chargeId: 'ch_1',
      },
    );
  });

  it('given 402, then the charge is declined with its reason: a final answer, not an error', () => {
    expect(chargeResultOf({ status: 402, body: { reason: 'insufficient_funds' } })).toEqual({
      kind: 'declined',
      reason: 'insufficient_funds',
    });
  });

  it('given 503, then it throws an error worth retrying', () => {
    const attempt = () => chargeResultOf({ status: 503, body: { detail: 'try again' } });
    expect(attempt).toThrow(ProviderUnavailable);
    expect(attempt).toThrow('payment-provider POST /charges answered 503: try again');
    expect(worthRetrying(new ProviderUnavailable('x'))).toBe(true);
  });

  it('given 422 (a key reused for another charge), then it throws an error not worth retrying', () => {
    const attempt = () => chargeResultOf({ status: 422, body: {} });
    expect(attempt).toThrow(ProviderRefusedRequest);
    expect(worthRetrying(new ProviderRefusedRequest('x'))).toBe(false);
  });

  it('given a lost connection (fetch throws a TypeError), then it is worth retrying', () => {
    expect(worthRetrying(new TypeError('fetch failed'))).toBe(true);
  });

  it('given 201 without a chargeId, then it is not taken as captured', () => {
    expect(() => chargeResultOf({ status: 201, body: {} })).toThrow(ProviderRefusedRequest);
  });

  it('given a refund answered 201 with a refundId, then that id; given 409, an error', () => {
    expect(refundIdOf({ status: 201, body: { refundId: 're_1' } })).toBe('re_1');
    expect(() => refundIdOf({ status: 409, body: {} })).toThrow(ProviderRefusedRequest);
  });
});
