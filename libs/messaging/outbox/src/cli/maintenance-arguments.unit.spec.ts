import { describe, expect, it } from '@jest/globals';
import { parseInboxArguments, parseOutboxArguments } from './maintenance-arguments.js';

describe('the outbox and inbox maintenance arguments', () => {
  it('given retry-parked with ids, when parsed, then the service, the ids and the default attempts come out', () => {
    expect(parseOutboxArguments(['retry-parked', 'payment-service', '--ids', '7,12'])).toEqual({
      command: 'retry-parked',
      service: 'payment-service',
      ids: ['7', '12'],
      maxAttempts: 20,
    });
  });

  it('given a service without an outbox, an unknown option or a bad number, when parsed, then each is refused with its reason', () => {
    expect(parseOutboxArguments(['retry-parked', 'email-service'])).toEqual({
      error: expect.stringMatching(/^no outbox in email-service/),
    });
    expect(parseOutboxArguments(['retry-parked', 'order-service', '--all'])).toEqual({
      error: 'unknown option --all',
    });
    expect(
      parseOutboxArguments(['retry-parked', 'order-service', '--max-attempts', '2.5']),
    ).toEqual({
      error: '--max-attempts takes a positive integer, not "2.5"',
    });
    expect(parseOutboxArguments(['retry-parked', 'order-service', '--ids'])).toEqual({
      error: '--ids needs a value',
    });
  });

  it('given prune with days or hours, when parsed, then the age comes out in days', () => {
    expect(parseInboxArguments(['prune', 'email-service', '--older-than', '14d'])).toMatchObject({
      olderThanDays: 14,
    });
    expect(parseInboxArguments(['prune', 'order-service', '--older-than', '36h'])).toMatchObject({
      olderThanDays: 1.5,
    });
  });

  it('given prune without an age, with a bare number or for analytics, when parsed, then it is refused', () => {
    expect(parseInboxArguments(['prune', 'order-service'])).toEqual({
      error: '--older-than is required, e.g. --older-than 14d',
    });
    expect(parseInboxArguments(['prune', 'order-service', '--older-than', '7'])).toHaveProperty(
      'error',
    );
    expect(
      parseInboxArguments(['prune', 'analytics-service', '--older-than', '7d']),
    ).toHaveProperty('error', expect.stringMatching(/^no inbox in analytics-service/));
  });
});
