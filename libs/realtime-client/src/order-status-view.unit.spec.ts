import { describe, expect, it } from '@jest/globals';
import { applyOrderStatus, type OrderStatusView } from './order-status-view.js';
import type { OrderStatusPush } from './protocol.js';

const status = (statusVersion: number, value: OrderStatusPush['status']): OrderStatusPush => ({
  orderId: 'o-1',
  status: value,
  statusVersion,
  at: `2026-11-23T10:00:0${statusVersion}Z`,
});

describe('the shown order status', () => {
  it('given nothing shown, when a status arrives, then it is shown', () => {
    const view = applyOrderStatus(new Map(), status(1, 'PENDING'));
    expect(view.get('o-1')).toEqual(status(1, 'PENDING'));
  });

  it('given CANCELLED v3 shown, when CONFIRMED v2 arrives late, then the view is unchanged', () => {
    const shown = applyOrderStatus(new Map(), status(3, 'CANCELLED'));
    expect(applyOrderStatus(shown, status(2, 'CONFIRMED'))).toBe(shown);
  });

  it('given v2 shown, when v2 arrives again, then the view is unchanged (a duplicate push)', () => {
    const shown = applyOrderStatus(new Map(), status(2, 'CONFIRMED'));
    expect(applyOrderStatus(shown, status(2, 'CONFIRMED'))).toBe(shown);
  });

  it('given any order of arrival, then the newest version wins', () => {
    const [v1, v2, v3] = [status(1, 'PENDING'), status(2, 'CONFIRMED'), status(3, 'CANCELLED')];
    const orders = [
      [v2, v1, v3],
      [v3, v2, v1],
      [v1, v3, v2],
    ];
    for (const arrival of orders) {
      const view = arrival.reduce<OrderStatusView>(
        (current, incoming) => applyOrderStatus(current, incoming),
        new Map(),
      );
      expect(view.get('o-1')?.statusVersion).toBe(3);
    }
  });
});
