import { describe, expect, it } from '@jest/globals';
import { LabArgumentError, parseLabArguments } from '../cli/lab-arguments.js';
import { describeDrift } from '../system/drift-story.js';
import { driftedFact, driftIncompatibilities, orderConfirmedDriftedV2 } from '../system/drift.js';
import { type DriftProbe, judgeDrift } from './03-publish-subscribe.grade.js';

const probe = (seen: Partial<DriftProbe>): DriftProbe => ({
  messageId: 'm-1',
  orderId: 'o-1',
  customerAddress: 'customer-lab3-check-1@pattern-shop.test',
  weak: [],
  refusal: undefined,
  mailedTo: undefined,
  customerMails: 0,
  lettersWaiting: 0,
  ...seen,
});

describe('lab 3: a producer deployed ahead publishes OrderConfirmed v2', () => {
  it('given a subscriber that read v2 as v1 and mailed a made-up address, then it fails: handled, silent, the customer got nothing', () => {
    const grade = judgeDrift(
      probe({ weak: ['no-schema-check'], mailedTo: 'customer-undefined@pattern-shop.test' }),
    );
    expect(grade.passed).toBe(false);
    expect(grade.reasons[0]).toContain(
      'email-service took OrderConfirmed v2 for the v1 it knows: it mailed customer-undefined@pattern-shop.test, not the customer',
    );
    expect(grade.reasons[1]).toContain('weak no-schema-check');
    expect(grade.figures).toContain('email-service runs with: weak no-schema-check');
  });

  it('given a subscriber that refused v2 to its dead letters and mailed nobody, then it passes, with the reason in the figures', () => {
    const grade = judgeDrift(
      probe({ refusal: 'unknown version 2 of message type OrderConfirmed', lettersWaiting: 1 }),
    );
    expect(grade.passed).toBe(true);
    expect(grade.reasons[0]).toContain('email-service refused the version it does not know');
    expect(grade.figures).toContain(
      'the check\'s OrderConfirmed v2 m-1 (order o-1): dead-lettered, reason "unknown version 2 of message type OrderConfirmed"',
    );
    expect(grade.figures).toContain('your drifted facts waiting in email.order-events.dlq: 1');
  });

  it('given a subscriber that knows v2 and mailed the address the fact carries, then it passes', () => {
    const address = 'customer-lab3-check-1@pattern-shop.test';
    const grade = judgeDrift(probe({ mailedTo: address, customerMails: 1 }));
    expect(grade.passed).toBe(true);
    expect(grade.reasons[0]).toContain('knows OrderConfirmed v2 now');
  });

  it('given a fact neither mailed nor refused, then it fails asking whether email-service runs', () => {
    const grade = judgeDrift(probe({}));
    expect(grade.passed).toBe(false);
    expect(grade.reasons[0]).toContain('neither mailed nor refused');
  });

  it('given the drifted shape, then the compatibility check refuses it as a change of v1: customerId gone, customer required', () => {
    expect(driftIncompatibilities()).toEqual([
      '$.customerId: property removed',
      '$.customer: new property is required (add it as optional, or add a new version)',
    ]);
  });

  it('given a customer, then the fact carries the address subscribers derive today, and the story names what the catalogue knows', () => {
    const fact = driftedFact('lab3-42');
    expect(orderConfirmedDriftedV2.parse(fact.data).customer).toEqual({
      id: 'lab3-42',
      email: 'customer-lab3-42@pattern-shop.test',
    });
    expect(fact.correlationId.startsWith('lab3-42-')).toBe(true);
    const story = describeDrift(fact);
    expect(story[0]).toContain(`published OrderConfirmed v2 ${fact.messageId} on shop.events`);
    expect(story).toContain(
      "the subscribers' catalogue (libs/contracts) knows OrderConfirmed v1, upcasters from none",
    );
  });

  it.each([
    [['drift'], 'drift takes one customer id'],
    [['drift', '$CUSTOMER'], 'not $CUSTOMER'],
    [['drift', 'lab3-1', 'lab3-2'], 'not lab3-1 lab3-2'],
  ])('given `lab %j`, then it is refused with a reason', (args, reason) => {
    expect(() => parseLabArguments(args, [3])).toThrow(LabArgumentError);
    expect(() => parseLabArguments(args, [3])).toThrow(reason);
  });

  it('given `lab drift <customer>`, then it is parsed', () => {
    expect(parseLabArguments(['drift', 'lab3-123'], [3])).toEqual({
      command: 'drift',
      customerId: 'lab3-123',
    });
  });
});
