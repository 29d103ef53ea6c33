import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import {
  type CheckoutSagaInput,
  DEFAULT_CHECKOUT_SAGA_POLICY,
  handleCheckoutInput,
  startCheckout,
} from '@pattern-shop/checkout-saga';
import type { Logger } from '@pattern-shop/observability';
import { CheckoutSagaMetrics } from './saga-metrics.js';
import { reportAppliedStep } from './saga-transition-report.js';

// Each step the saga takes is one info line a learner can grep by correlation id, and one count.

const orderId = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
const now = new Date('2030-01-01T12:00:00.000Z');
const context = { now, policy: DEFAULT_CHECKOUT_SAGA_POLICY };
const started = startCheckout(
  {
    orderId,
    customerId: 'c-7',
    totalCents: 4_250,
    currency: 'EUR',
    lines: [{ sku: 'MUG-001', quantity: 2 }],
  },
  context,
);
const charged: CheckoutSagaInput = {
  type: 'PaymentCharged',
  data: {
    orderId,
    paymentId: '11111111-2222-4333-8444-555555555555',
    amountCents: 4_250,
    currency: 'EUR',
  },
};

const observed = () => {
  const lines: Array<{ fields: Record<string, unknown>; message: string }> = [];
  const logger = {
    info: (fields: Record<string, unknown>, message: string) =>
      void lines.push({ fields, message }),
  } as unknown as Logger;
  const registry = new Registry();
  const metrics = new CheckoutSagaMetrics(registry, async () => ({}));
  const transitions = () => registry.getSingleMetricAsString('checkout_saga_transitions_total');
  return { deps: { logger, metrics }, lines, transitions };
};

describe('each checkout saga step in the log and the metrics', () => {
  it('given an order placed, when the saga starts, then one line: NONE to CHARGING, caused by the order, sending ChargePayment', async () => {
    const { deps, lines, transitions } = observed();
    const ids = { orderId, correlationId: 'lab-1', causationId: 'm-0' };

    reportAppliedStep(deps, { ...ids, from: null, input: 'OrderPlaced', transition: started, now });

    expect(lines).toEqual([
      {
        message: 'checkout saga step',
        fields: {
          ...ids,
          from: 'NONE',
          to: 'CHARGING',
          cause: 'order placed',
          input: 'OrderPlaced',
          commands: ['ChargePayment'],
        },
      },
    ]);
    expect(await transitions()).toContain(
      'checkout_saga_transitions_total{from="NONE",to="CHARGING"} 1',
    );
  });

  it('given a saga charging, when PaymentCharged arrives, then one line: CHARGING to RESERVING, caused by the reply, sending ReserveStock', async () => {
    const { deps, lines, transitions } = observed();
    const transition = handleCheckoutInput(started.state, charged, context);

    reportAppliedStep(deps, {
      orderId,
      correlationId: 'lab-1',
      causationId: 'm-1',
      from: 'CHARGING',
      input: 'PaymentCharged',
      transition,
      now,
    });

    expect(lines).toHaveLength(1);
    expect(lines[0]?.fields).toMatchObject({
      from: 'CHARGING',
      to: 'RESERVING',
      cause: 'reply',
      commands: ['ReserveStock'],
    });
    expect(await transitions()).toContain(
      'checkout_saga_transitions_total{from="CHARGING",to="RESERVING"} 1',
    );
  });

  it('given a saga charging, when its deadline passes, then the line names the deadline as cause and the order status is not yet final', () => {
    const { deps, lines } = observed();
    const later = new Date(now.getTime() + DEFAULT_CHECKOUT_SAGA_POLICY.chargeTimeoutMs + 1);
    const transition = handleCheckoutInput(
      started.state,
      { type: 'DeadlinePassed' },
      { ...context, now: later },
    );

    reportAppliedStep(deps, {
      orderId,
      correlationId: 'lab-1',
      causationId: 'd-1',
      from: 'CHARGING',
      input: 'DeadlinePassed',
      transition,
      now: later,
    });

    expect(lines[0]?.fields).toMatchObject({
      from: 'CHARGING',
      to: 'VOIDING',
      cause: 'deadline',
      commands: ['VoidPayment'],
    });
    expect(lines[0]?.fields).not.toHaveProperty('orderStatus');
  });

  it('given a saga reserving, when StockReserved arrives, then the line carries the order status CONFIRMED', () => {
    const { deps, lines } = observed();
    const reserving = handleCheckoutInput(started.state, charged, context).state;
    const transition = handleCheckoutInput(
      reserving,
      { type: 'StockReserved', data: { orderId, lines: [{ sku: 'MUG-001', quantity: 2 }] } },
      context,
    );

    reportAppliedStep(deps, {
      orderId,
      correlationId: 'lab-1',
      causationId: 'm-2',
      from: 'RESERVING',
      input: 'StockReserved',
      transition,
      now,
    });

    expect(lines[0]?.fields).toMatchObject({
      from: 'RESERVING',
      to: 'CONFIRMED',
      commands: [],
      orderStatus: 'CONFIRMED',
    });
  });
});
