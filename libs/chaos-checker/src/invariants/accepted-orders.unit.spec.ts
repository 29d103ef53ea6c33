import { describe, expect, it } from '@jest/globals';
import { brokenInvariants, checkInvariants } from './check-invariants.js';
import type { ClientRequest, SystemSnapshot } from './snapshot.js';
import {
  cleanSnapshot,
  CONFIRMED_ID,
  CUSTOMER,
  DECLINED_ID,
  REFUNDED_ID,
  verdictOf,
} from './testing/snapshot-kit.js';

const broken = (snapshot: SystemSnapshot) =>
  brokenInvariants(checkInvariants(snapshot)).map((v) => v.invariant);

const withClient = (requests: readonly ClientRequest[]): SystemSnapshot => ({
  ...cleanSnapshot(),
  client: requests,
});

const request = (key: string, ...attempts: ClientRequest['attempts']): ClientRequest => ({
  customerId: CUSTOMER,
  key,
  attempts,
});

describe('invariants: every 202 is one order, no order without a 202, one answer per key', () => {
  it('given an order the client was told about but the database lost, then “every 202 is exactly one order” fails naming it', () => {
    const clean = cleanSnapshot();
    const lost = { ...clean, orders: clean.orders.filter((o) => o.orderId !== CONFIRMED_ID) };

    expect(broken(lost)).toEqual(['every 202 is exactly one order']);
    expect(verdictOf(checkInvariants(lost), '202 is').offenders).toEqual([CONFIRMED_ID]);
  });

  it('given a 202 whose order id no order has, then the 202 is reported as without an order', () => {
    const phantom = '44444444-4444-4444-8444-444444444444';
    const snapshot = withClient([
      ...(cleanSnapshot().client ?? []),
      request('key-9', { status: 202, orderId: phantom }),
    ]);

    expect(broken(snapshot)).toEqual(['every 202 is exactly one order']);
    expect(verdictOf(checkInvariants(snapshot), '202 is').offenders).toEqual([phantom]);
  });

  it('given one key answered 202 with two different orders, then both the 202 and the key invariants fail', () => {
    const snapshot = withClient([
      request(
        'key-0',
        { status: 202, orderId: CONFIRMED_ID },
        { status: 202, orderId: DECLINED_ID },
      ),
      request('key-2', { status: 202, orderId: REFUNDED_ID }),
    ]);

    expect(broken(snapshot)).toEqual([
      'every 202 is exactly one order',
      'one answer (one order) per idempotency key',
    ]);
  });

  it('given an order whose client only ever saw timeouts, then “no order without a 202” names it', () => {
    const snapshot = withClient([
      request('key-0', { status: 202, orderId: CONFIRMED_ID }),
      request('key-1', { status: 0 }, { status: 0 }),
      request('key-2', { status: 202, orderId: REFUNDED_ID }),
    ]);

    expect(broken(snapshot)).toEqual(['no order without a 202']);
    expect(verdictOf(checkInvariants(snapshot), 'without a 202').offenders).toEqual([DECLINED_ID]);
  });

  it('given a key that answered 422 while its stored answer is 202 (issue 21), then the key invariant fails too', () => {
    const snapshot = withClient([
      request('key-0', { status: 202, orderId: CONFIRMED_ID }),
      request('key-1', { status: 0 }, { status: 500 }, { status: 422 }),
      request('key-2', { status: 202, orderId: REFUNDED_ID }),
    ]);

    expect(broken(snapshot)).toEqual([
      'no order without a 202',
      'one answer (one order) per idempotency key',
    ]);
    const key = verdictOf(checkInvariants(snapshot), 'per idempotency key');
    expect(key.offenders).toEqual([`${CUSTOMER}/key-1`]);
  });

  it('given an in-flight 409 and then the 202, then that is one answer, not two', () => {
    const snapshot = withClient([
      request('key-0', { status: 409 }, { status: 202, orderId: CONFIRMED_ID }),
      request('key-1', { status: 503 }, { status: 202, orderId: DECLINED_ID }),
      request(
        'key-2',
        { status: 202, orderId: REFUNDED_ID },
        { status: 202, orderId: REFUNDED_ID },
      ),
    ]);

    expect(broken(snapshot)).toEqual([]);
  });

  it('given no client record, when a key answered 202 lost its order, then the keys witness it and “no order without a 202” is skipped', () => {
    const clean = cleanSnapshot();
    const snapshot = {
      ...clean,
      client: undefined,
      orders: clean.orders.filter((o) => o.orderId !== DECLINED_ID),
    };

    const verdicts = checkInvariants(snapshot);

    expect(verdictOf(verdicts, '202 is').result).toBe('fail');
    expect(verdictOf(verdicts, '202 is').offenders).toEqual([DECLINED_ID]);
    expect(verdictOf(verdicts, 'without a 202').result).toBe('skipped');
    expect(broken(snapshot)).toEqual(['every 202 is exactly one order']);
  });
});
