import { describe, expect, it } from '@jest/globals';
import { brokenInvariants, checkInvariants } from './check-invariants.js';
import { publishedIsHandledOrDeadLettered } from './message-ledger.rules.js';
import type { DeadLetterRecord, PublishedMessage, SystemSnapshot } from './snapshot.js';
import { CONFIRMED_ID, cleanSnapshot, DECLINED_ID, REFUNDED_ID } from './testing/snapshot-kit.js';

const confirmed = (messageId: string, aggregateId: string): PublishedMessage => ({
  service: 'order-service',
  messageId,
  type: 'OrderConfirmed',
  broker: 'rabbitmq',
  destination: 'shop.events',
  routingKey: 'order.confirmed',
  aggregateId,
  publishedAt: '2026-12-03T10:01:30.000Z',
});

const deadLetter = (source: string, messageId: string, type: string): DeadLetterRecord => ({
  broker: source.startsWith('analytics') ? 'kafka' : 'rabbitmq',
  source,
  messageId,
  type,
  reason: 'SMTP refused',
  failedAt: '2026-12-03T10:02:00.000Z',
});

/** The clean run plus these messages, records and dead letters. */
const withMessages = (
  published: PublishedMessage[],
  handled: Array<[consumer: string, messageId: string]>,
  deadLetters: DeadLetterRecord[] = [],
): SystemSnapshot => ({
  ...cleanSnapshot(),
  messages: {
    published,
    handled: handled.map(([consumer, messageId]) => ({ consumer, messageId })),
  },
  deadLetters,
});

const mailed = confirmed('m-handled', CONFIRMED_ID);
const failed = confirmed('m-dead', DECLINED_ID);
const lost = confirmed('m-lost', REFUNDED_ID);

describe('published = handled + dead-lettered: the message ledger', () => {
  it('given three facts for email-service, one in its inbox, one dead-lettered, one in neither, then exactly the third is the offender', () => {
    const snapshot = withMessages(
      [mailed, failed, lost],
      [['email.order-events', 'm-handled']],
      [deadLetter('email.order-events.dlq', 'm-dead', 'OrderConfirmed')],
    );

    const verdict = publishedIsHandledOrDeadLettered(snapshot);

    expect(verdict.result).toBe('fail');
    expect(verdict.observed).toBe(
      '1 handled, 1 dead-lettered, 1 neither; 3 acked without a record',
    );
    expect(verdict.offenders).toEqual(['email.order-events:m-lost OrderConfirmed']);
    expect(verdict.note).toBe(
      'neither: email.order-events 1 of 3; acked without a record: realtime-gateway (no inbox: a push is not recorded) 3',
    );
    const policy = { expectedDeadLetters: [{ source: 'email.order-events.dlq' }] };
    expect(brokenInvariants(checkInvariants(snapshot, policy)).map((v) => v.id)).toEqual([
      'published-handled-or-dead-lettered',
    ]);
  });

  it('given every fact recorded by email-service and realtime-gateway’s queue drained, then it holds and counts the pushes as acked without a record', () => {
    const snapshot = withMessages(
      [mailed, failed],
      [
        ['email.order-events', 'm-handled'],
        ['email.order-events', 'm-dead'],
      ],
    );

    const verdict = publishedIsHandledOrDeadLettered(snapshot);

    expect([verdict.result, verdict.observed]).toEqual([
      'pass',
      '2 handled, 0 dead-lettered, 0 neither; 2 acked without a record',
    ]);
    expect(verdict.note).toBe(
      'acked without a record: realtime-gateway (no inbox: a push is not recorded) 2',
    );
  });

  it('given a command recorded by another consumer, or dead-lettered in another queue, then it is neither: records are per consumer', () => {
    const charge: PublishedMessage = {
      ...confirmed('c-1', CONFIRMED_ID),
      type: 'ChargePayment',
      destination: 'shop.commands',
      routingKey: 'payment.commands',
    };
    const snapshot = withMessages(
      [charge, { ...charge, messageId: 'c-2' }],
      [['inventory.commands', 'c-1']],
      [deadLetter('inventory.commands.dlq', 'c-2', 'ChargePayment')],
    );

    expect(publishedIsHandledOrDeadLettered(snapshot).offenders).toEqual([
      'payment.commands:c-1 ChargePayment',
      'payment.commands:c-2 ChargePayment',
    ]);
  });

  it("given Kafka events, then analytics' projected facts are judged and the types it ignores are named", () => {
    const onKafka = (messageId: string, type: string, topic: string): PublishedMessage => ({
      ...confirmed(messageId, CONFIRMED_ID),
      type,
      broker: 'kafka',
      destination: topic,
      routingKey: CONFIRMED_ID,
    });
    const snapshot = withMessages(
      [
        onKafka('k-placed', 'OrderPlaced', 'orders.events'),
        onKafka('k-refunded', 'PaymentRefunded', 'payments.events'),
        onKafka('k-charged', 'PaymentCharged', 'payments.events'),
        onKafka('k-lost', 'OrderCancelled', 'orders.events'),
      ],
      [['analytics', 'k-placed']],
      [deadLetter('analytics.dlq', 'k-refunded', 'PaymentRefunded')],
    );

    const verdict = publishedIsHandledOrDeadLettered(snapshot);

    expect(verdict.observed).toBe(
      '1 handled, 1 dead-lettered, 1 neither; 1 acked without a record',
    );
    expect(verdict.offenders).toEqual(['analytics:k-lost OrderCancelled']);
    expect(verdict.note).toContain(
      'acked without a record: analytics (read and ignored, no record) 1',
    );
  });

  it('given pushes, ignored Kafka types and a StockReleased its consumer keeps no record of, while their queue or lag still holds messages, then each is neither, named', () => {
    const released: PublishedMessage = {
      ...confirmed('r-1', CONFIRMED_ID),
      type: 'StockReleased',
      destination: 'shop.commands',
      routingKey: 'order.saga-replies',
    };
    const charged: PublishedMessage = {
      ...confirmed('k-charged', CONFIRMED_ID),
      type: 'PaymentCharged',
      broker: 'kafka',
      destination: 'payments.events',
    };
    const snapshot = {
      ...withMessages([released, charged, mailed], [['email.order-events', 'm-handled']]),
      queues: [
        { name: 'order.saga-replies', messages: 1 },
        { name: 'realtime.order-events.gw-1', messages: 2 },
        { name: 'kafka payments.events (group analytics)', messages: 1 },
      ],
    };

    const verdict = publishedIsHandledOrDeadLettered(snapshot);

    expect(verdict.result).toBe('fail');
    expect([...verdict.offenders].sort()).toEqual([
      'analytics:k-charged PaymentCharged',
      'order.saga-replies:r-1 StockReleased',
      'realtime-gateway:m-handled OrderConfirmed',
    ]);
  });

  it('given a lost message published before the window, or a fact no queue subscribes to, then it is not judged', () => {
    const early = { ...lost, publishedAt: '2026-12-03T09:59:59.999Z' };
    const unsubscribed = { ...lost, type: 'PaymentCharged', routingKey: 'payment.charged' };

    const verdict = publishedIsHandledOrDeadLettered(withMessages([early, unsubscribed], []));

    expect([verdict.result, verdict.expected]).toEqual([
      'pass',
      '0 deliveries, each handled, acked or dead-lettered',
    ]);
  });

  it('given an unrecorded fact while its retry queue still holds a message, then it fails, said to be maybe in flight', () => {
    const snapshot = {
      ...withMessages([lost], []),
      queues: [{ name: 'email.order-events.retry.5s', messages: 1 }],
    };

    const verdict = publishedIsHandledOrDeadLettered(snapshot);

    expect([verdict.result, verdict.observed]).toEqual([
      'fail',
      '0 handled, 0 dead-lettered, 1 neither (1 maybe in flight); 1 acked without a record',
    ]);
  });
});
