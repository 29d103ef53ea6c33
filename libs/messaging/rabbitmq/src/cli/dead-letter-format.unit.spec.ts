import { describe, expect, it } from '@jest/globals';
import {
  formatDeadLetterDetail,
  formatDeadLetterLine,
  formatQueueDepths,
  type DeadLetter,
} from './dead-letter-format.js';
import { redriveTarget, redrivenHeaders } from './redrive-headers.js';

const letter: DeadLetter = {
  index: 2,
  messageId: 'm-1',
  type: 'OrderConfirmed',
  headers: {
    'x-error-reason': 'SMTP refused\nthe recipient',
    'x-error-stack': 'Error: SMTP refused\n    at send (mailer.js:1:1)',
    'x-attempts': '3',
    'x-failed-at': '2026-11-23T09:00:00.000Z',
    'x-first-failed-at': '2026-11-23T08:59:00.000Z',
    'x-service': 'email',
    'x-original-queue': 'email.order-events',
    'correlation-id': 'c-1',
  },
  body: Buffer.from('{"messageId":"m-1","data":{"orderId":"o-1"}}'),
};

describe('formatting dead letters', () => {
  it('given a dead letter, then its line has index, id, type, attempts, time, queue, reason on one line', () => {
    expect(formatDeadLetterLine(letter).split('\t')).toEqual([
      '2',
      'm-1',
      'OrderConfirmed',
      '3',
      '2026-11-23T09:00:00.000Z',
      'email.order-events',
      'SMTP refused the recipient',
    ]);
  });

  it('given a long reason and no headers, then the line stays one short line with dashes', () => {
    const bare = { ...letter, messageId: undefined, type: undefined };
    const line = formatDeadLetterLine({ ...bare, headers: { 'x-error-reason': 'x'.repeat(500) } });
    expect(line.startsWith('2\t-\t-\t-\t-\t-\t')).toBe(true);
    expect(line.length).toBeLessThan(100);
  });

  it('given a dead letter, then the detail shows every header, the whole stack and the JSON body', () => {
    const detail = formatDeadLetterDetail(letter).join('\n');
    expect(detail).toContain('  x-service: email');
    expect(detail).toContain('at send (mailer.js:1:1)');
    expect(detail).toContain('"orderId": "o-1"');
  });

  it('given queues, then each is shown with its depth', () => {
    const lines = formatQueueDepths([{ name: 'a.dlq', messages: 4 }]);
    expect(lines[1]).toMatch(/^a\.dlq\s+4$/);
    expect(formatQueueDepths([])).toEqual(['no dead-letter queues (*.dlq)']);
  });
});

describe('redrive headers', () => {
  const now = new Date('2026-11-23T10:00:00.000Z');

  it('given a dead letter, when redriven, then failure headers go and the redrive is recorded', () => {
    const headers = redrivenHeaders(letter.headers, now);
    expect(headers).toEqual({
      'correlation-id': 'c-1',
      'x-first-failed-at': '2026-11-23T08:59:00.000Z',
      'x-redriven-at': '2026-11-23T10:00:00.000Z',
      'x-redrive-count': 1,
    });
  });

  it('given a letter redriven before, then the count goes up', () => {
    expect(redrivenHeaders({ 'x-redrive-count': 2 }, now)['x-redrive-count']).toBe(3);
  });

  it('given an original queue header, then it is the target; else the consumed queue', () => {
    expect(redriveTarget(letter.headers, 'other')).toBe('email.order-events');
    expect(redriveTarget({}, 'q-1')).toBe('q-1');
  });
});
