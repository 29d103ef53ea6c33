import { describe, expect, it } from '@jest/globals';
import { createEnvelope, EXCHANGES } from '@pattern-shop/contracts';
import { answerMessages, type ReplyContext, replyEnvelope } from './handle-command-once.js';

const orderId = '6f1d1c2a-0000-4000-8000-0000000000bb';
const command = createEnvelope({
  messageId: 'command-1',
  type: 'ReserveStock',
  version: 1,
  occurredAt: new Date('2026-12-03T13:00:00.000Z'),
  correlationId: 'req-1',
  causationId: 'saga-1',
  aggregateId: orderId,
  data: { orderId, lines: [{ sku: 'SKU-1', quantity: 1 }] },
});
const context: ReplyContext = {
  command,
  messageId: 'reply-1',
  now: new Date('2026-12-03T13:00:01.000Z'),
};
const reply = replyEnvelope('StockReserved', command.data, context);
const route = { routingKey: 'stock.reserved', topic: 'inventory.events' };
const where = (messages: ReturnType<typeof answerMessages>) =>
  messages.map((message) =>
    message.destination === 'rabbitmq'
      ? `${message.exchange} ${message.routingKey}`
      : `${message.topic} ${message.key}`,
  );

describe('answering a command', () => {
  it('given a command, when replied, then the reply has its own id and time, the command correlation and aggregate, caused by the command', () => {
    expect(reply).toMatchObject({
      messageId: 'reply-1',
      type: 'StockReserved',
      occurredAt: '2026-12-03T13:00:01.000Z',
      correlationId: 'req-1',
      causationId: 'command-1',
      aggregateId: orderId,
    });
  });

  it('given an operation this command made happen, then the saga gets its reply and everyone the fact', () => {
    const answer = { reply, fact: { ...route, firstTime: true } };
    expect(where(answerMessages(answer, 'order.saga-replies'))).toEqual([
      `${EXCHANGES.commands} order.saga-replies`,
      `${EXCHANGES.events} stock.reserved`,
      `inventory.events ${orderId}`,
    ]);
  });

  it('given an operation recorded by an earlier command, then the saga is answered again and the fact is not published again', () => {
    const answer = { reply, fact: { ...route, firstTime: false } };
    expect(where(answerMessages(answer, 'order.saga-replies'))).toEqual([
      `${EXCHANGES.commands} order.saga-replies`,
    ]);
  });

  it('given an answer that is no fact, then it goes to the saga alone', () => {
    expect(where(answerMessages({ reply }, 'order.saga-replies'))).toEqual([
      `${EXCHANGES.commands} order.saga-replies`,
    ]);
  });
});
