import { describe, expect, it } from '@jest/globals';
import type { DeadLetter } from './dead-letter-format.js';
import {
  formatParkedDetail,
  formatParkedTable,
  isLetterQueue,
  letterQueueOf,
} from './parked-saga-notes.js';

const orderId = '0b6f9a43-8c1d-4f5e-9d2a-3e7b1c5d9f10';
const note: DeadLetter = {
  index: 1,
  messageId: 'm-1',
  type: 'CheckoutSagaParked',
  headers: { 'correlation-id': 'c-1' },
  body: Buffer.from(
    JSON.stringify({
      messageId: 'm-1',
      type: 'CheckoutSagaParked',
      occurredAt: '2026-12-04T06:00:00.000Z',
      aggregateId: orderId,
      data: { orderId, step: 'RefundPayment', reason: 'provider\nanswered 503', attempts: 4 },
    }),
  ),
};

describe('parked saga notes', () => {
  it('given order.saga-parked, then its letters are read from it; any other queue from its .dlq', () => {
    expect(letterQueueOf('order.saga-parked')).toBe('order.saga-parked');
    expect(letterQueueOf('payment.commands')).toBe('payment.commands.dlq');
  });

  it("given the queue names, then list shows every .dlq and the notes, but not the notes' own .dlq", () => {
    expect(
      [
        'payment.commands.dlq',
        'order.saga-parked',
        'order.saga-parked.dlq',
        'payment.commands',
      ].filter(isLetterQueue),
    ).toEqual(['payment.commands.dlq', 'order.saga-parked']);
  });

  it('given a note, then its line has index, id, order, step, attempts, when and the reason on one line', () => {
    const [header, line] = formatParkedTable([note]);
    expect(header?.split('\t')).toEqual([
      '#',
      'MESSAGE ID',
      'ORDER ID',
      'STEP',
      'ATTEMPTS',
      'PARKED AT',
      'REASON',
    ]);
    expect(line?.split('\t')).toEqual([
      '1',
      'm-1',
      orderId,
      'RefundPayment',
      '4',
      '2026-12-04T06:00:00.000Z',
      'provider answered 503',
    ]);
  });

  it('given a note, then the detail says what a person does: the retry route for that order', () => {
    const detail = formatParkedDetail(note).join('\n');
    expect(detail).toContain(`parked saga of order ${orderId}`);
    expect(detail).toContain(`http://127.0.0.1:3001/sagas/${orderId}/retry`);
    expect(detail).toContain('"step": "RefundPayment"');
  });

  it('given a note that is not JSON, then dashes, not a crash', () => {
    const [, line] = formatParkedTable([{ ...note, body: Buffer.from('not json') }]);
    expect(line).toBe('1\tm-1\t-\t-\t-\t-\t-');
  });
});
