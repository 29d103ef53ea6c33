import { describe, expect, it } from '@jest/globals';
import type { Answer } from '../system/load.js';
import { judgeStalledInventory } from './01-request-response.js';
import { judgeWorkQueue } from './02-deferred-work.js';
import { judgeParkedSaga } from './05-checkout-saga.js';
import { judgeRedelivery } from './09-inbox.js';

const answers = (n: number, answer: Answer): Answer[] => Array.from({ length: n }, () => answer);

describe('lab 1: graded from the answers and the breaker while inventory is frozen', () => {
  const resilient = {
    answers: [
      ...answers(5, { status: 202, ms: 305, availabilityChecked: false }),
      ...answers(15, { status: 202, ms: 8, availabilityChecked: false }),
    ],
    shortCircuited: 15,
    weak: [],
    settings: {},
  };

  it('given every order accepted fast and calls short-circuited, then it passes', () => {
    const grade = judgeStalledInventory(resilient);
    expect(grade.passed).toBe(true);
    expect(grade.reasons.join()).toContain(
      'all 20 orders were accepted (p99 305 ms), 20 priced from the replica',
    );
    expect(grade.figures).toContain('order-service runs with: its defaults');
  });

  it('given the naive call (no breaker, long timeout), then it fails on latency and on the breaker', () => {
    const grade = judgeStalledInventory({
      answers: answers(20, { status: 202, ms: 3_510, availabilityChecked: false }),
      shortCircuited: 0,
      weak: ['no-breaker'],
      settings: { INVENTORY_TIMEOUT_MS: '3500' },
    });
    expect(grade.passed).toBe(false);
    expect(grade.reasons).toEqual([
      'POST /orders took 3510 ms at p99 (over 1000 ms): each order waited on the stalled inventory',
      "order-service's breaker never opened: every order still called the stalled inventory",
    ]);
    expect(grade.figures).toContain(
      'order-service runs with: weak no-breaker, INVENTORY_TIMEOUT_MS=3500',
    );
  });

  it('given a short timeout but no breaker, then fast answers alone do not pass', () => {
    const grade = judgeStalledInventory({ ...resilient, shortCircuited: 0, weak: ['no-breaker'] });
    expect(grade.passed).toBe(false);
    expect(grade.reasons).toEqual([
      "order-service's breaker never opened: every order still called the stalled inventory",
    ]);
  });

  it('given orders refused or unanswered, then it fails saying placement went down', () => {
    const grade = judgeStalledInventory({
      ...resilient,
      answers: [...resilient.answers.slice(2), { status: 503, ms: 10 }, { status: 0, ms: 10_000 }],
    });
    expect(grade.passed).toBe(false);
    expect(grade.reasons[0]).toBe(
      '2 of 20 orders were not accepted: order placement went down with inventory',
    );
  });
});

describe('lab 9: graded from the mails one order got after its fact came three times', () => {
  const probe = { orderId: 'o-1', deliveries: 3, weak: [] };

  it('given one mail, then it passes', () => {
    expect(judgeRedelivery({ ...probe, confirmationMails: 1 }).passed).toBe(true);
  });

  it('given a mail per delivery, then it fails naming how many', () => {
    const grade = judgeRedelivery({ ...probe, confirmationMails: 3, weak: ['no-inbox'] });
    expect(grade.passed).toBe(false);
    expect(grade.reasons).toEqual([
      'the customer got 3 mails for one order: email-service handled each delivery of the same fact again',
    ]);
    expect(grade.figures).toContain('email-service runs with: weak no-inbox');
  });

  it('given no mail at all, then it fails pointing at email-service and SMTP', () => {
    expect(judgeRedelivery({ ...probe, confirmationMails: 0 }).reasons[0]).toContain(
      'no confirmation mail at all',
    );
  });
});

describe('lab 5: graded from the latest lab5 order, its saga and its payment', () => {
  const payment = (status: string) => ({ status, amountCents: 4_000, currency: 'EUR' });
  const saga = (status: string, attempts = 3) => ({
    status,
    compensationAttempts: attempts,
    lastCompensationFailure: attempts > 0 ? 'refund failed: provider answered 503' : null,
  });

  it('given the saga parked with the charge kept, then it fails saying the customer paid', () => {
    const grade = judgeParkedSaga({
      orderId: 'o-5',
      saga: saga('COMPENSATION_FAILED'),
      payment: payment('CHARGED'),
    });
    expect(grade.passed).toBe(false);
    expect(grade.reasons[0]).toBe(
      'the saga is parked: the customer paid 40.00 EUR for an order that will not come, and nothing retries the refund on its own',
    );
    expect(grade.figures[0]).toContain('last failure: refund failed: provider answered 503');
  });

  it('given the order cancelled and the charge refunded, then it passes', () => {
    const grade = judgeParkedSaga({
      orderId: 'o-5',
      saga: saga('CANCELLED', 4),
      payment: payment('REFUNDED'),
    });
    expect(grade.passed).toBe(true);
    expect(grade.figures).toContain('its payment: REFUNDED, 40.00 EUR');
  });

  it.each([
    ['CANCELLED', 'CHARGED', 'the order is cancelled but its charge is CHARGED, not refunded'],
    ['REFUNDING', 'CHARGED', 'the refund is still being retried'],
    ['CONFIRMED', 'CHARGED', 'the order was confirmed: the stock was there'],
    ['RESERVING', 'CHARGED', 'the saga is still running (RESERVING)'],
  ])('given a saga %s with a payment %s, then it fails: %s', (status, paid, reason) => {
    const grade = judgeParkedSaga({ orderId: 'o-5', saga: saga(status), payment: payment(paid) });
    expect(grade.passed).toBe(false);
    expect(grade.reasons[0]).toContain(reason);
  });

  it('given no lab order yet, then it fails pointing at the break', () => {
    expect(
      judgeParkedSaga({ orderId: undefined, saga: undefined, payment: undefined }).reasons[0],
    ).toContain('place the lab');
  });
});

describe('lab 2: graded from the work queue, its consumer and its dead letters', () => {
  const poison = { messageId: 'p-1', correlationId: 'poison-p-1' };
  const earlier = { messageId: 'c-9', correlationId: 'order-9' };

  it('given a frozen consumer, a backlog and a poison letter, then it fails on all three', () => {
    const grade = judgeWorkQueue({
      consumerState: 'frozen',
      ready: 12,
      letters: [poison, earlier],
    });
    expect(grade.passed).toBe(false);
    expect(grade.reasons).toHaveLength(3);
    expect(grade.reasons[0]).toContain('payment-service is frozen');
    expect(grade.reasons[1]).toBe(
      '12 command(s) wait in payment.commands: checkouts are stuck behind them',
    );
    expect(grade.reasons[2]).toContain(
      'the poison message p-1 still waits in payment.commands.dlq',
    );
  });

  it('given the consumer running, the queue drained and only letters of others left, then it passes', () => {
    const grade = judgeWorkQueue({ consumerState: 'running', ready: 0, letters: [earlier] });
    expect(grade.passed).toBe(true);
    expect(grade.figures[1]).toBe(
      'payment.commands: 0 command(s) waiting; its dead letters: 1, 0 of them poison',
    );
  });
});
