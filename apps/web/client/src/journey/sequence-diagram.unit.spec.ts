import { describe, expect, it } from '@jest/globals';
import type { JourneyHop } from './journey-api';
import { sequenceDiagramOf } from './sequence-diagram';

const hop = (overrides: Partial<JourneyHop>): JourneyHop => ({
  id: 'h',
  pattern: 'request-response',
  patternNumber: 1,
  from: 'customer',
  to: 'order-service',
  label: 'POST /orders → 202',
  at: '2026-12-03T10:00:00.000Z',
  afterMs: 0,
  durationMs: 12,
  failed: false,
  details: {},
  ...overrides,
});

describe('the journey as a mermaid sequence diagram', () => {
  it('given lanes and hops, when drawn, then each lane is a participant and each hop an arrow labelled by pattern and message type', () => {
    const text = sequenceDiagramOf({
      lanes: ['customer', 'order-service', 'RabbitMQ'],
      hops: [
        hop({}),
        hop({
          id: 'p',
          pattern: 'outbox',
          patternNumber: 2,
          from: 'order-service',
          to: 'RabbitMQ',
          label: 'outbox → shop.commands: ChargePayment (confirmed)',
          message: { type: 'ChargePayment', correlationId: 'c1' },
        }),
      ],
    });
    expect(text.split('\n')).toEqual([
      'sequenceDiagram',
      '  participant customer as customer',
      '  participant order_service as order-service',
      '  participant RabbitMQ as RabbitMQ',
      '  customer->>order_service: 1. [1 request-response] POST /orders → 202',
      '  order_service-)RabbitMQ: 2. [2 outbox] ChargePayment',
    ]);
  });

  it('given a saga step and a dead-lettered delivery, when drawn, then the step is a note and the failure a cross', () => {
    const text = sequenceDiagramOf({
      lanes: ['order-service', 'RabbitMQ'],
      hops: [
        hop({
          pattern: 'saga',
          patternNumber: 5,
          from: 'order-service',
          to: 'order-service',
          label: 'saga start → PAYMENT_PENDING; #1',
        }),
        hop({
          pattern: 'work-queue',
          patternNumber: 2,
          from: 'RabbitMQ',
          to: 'order-service',
          failed: true,
          label: 'order.saga-replies: x',
        }),
      ],
    });
    expect(text).toContain('  Note over order_service: 1. [5 saga] saga start → PAYMENT_PENDING 1');
    expect(text).toContain('  RabbitMQ-xorder_service: 2. [2 work queue] order.saga-replies: x');
  });
});
