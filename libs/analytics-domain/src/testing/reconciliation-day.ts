import type { ReconciliationOrder } from '@pattern-shop/contracts';

/** One reconciled day and an order of it, shared by the rules' unit tests. */
export const period = {
  from: new Date('2026-11-22T00:00:00Z'),
  to: new Date('2026-11-23T00:00:00Z'),
};
export const AT = '2026-11-22T10:00:00.000Z';
export const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
export const order = (n: number, status: ReconciliationOrder['status']): ReconciliationOrder => ({
  orderId: id(n),
  customerId: 'c-1',
  status,
  totalCents: 2598,
  currency: 'EUR',
  createdAt: AT,
  updatedAt: AT,
  lines: [{ sku: 'MUG-001', quantity: 2 }],
});
