import { describe, expect, it } from '@jest/globals';
import {
  buildSalesReport,
  reportDay,
  salesReportCsv,
  salesReportMarkdown,
} from './sales-report.js';

const totals = { placed: 4, confirmed: 3, cancelled: 1, revenueCents: 4_500, refundedCents: 500 };
const products = [
  { sku: 'MUG-001', quantity: 2, revenueCents: 1_000 },
  { sku: 'TEE-002', quantity: 1, revenueCents: 3_000 },
  { sku: 'PEN,"X"', quantity: 5, revenueCents: 500 },
];
const at = new Date('2026-11-24T02:15:00.000Z');

describe('the daily sales report', () => {
  it('given the day totals and products, when built, then revenue, refunds beside it, average order and products by revenue', () => {
    const report = buildSalesReport('2026-11-23', totals, products, at);

    expect(report).toEqual({
      date: '2026-11-23',
      generatedAt: '2026-11-24T02:15:00.000Z',
      orders: { placed: 4, confirmed: 3, cancelled: 1 },
      revenueCents: 4_500,
      refundedCents: 500,
      averageOrderCents: 1_500,
      products: [products[1], products[0], products[2]],
    });
  });

  it('given refunds on the day, when built, then revenue stays the confirmed totals: a refund is never subtracted from it', () => {
    const noRefunds = buildSalesReport('2026-11-23', { ...totals, refundedCents: 0 }, [], at);
    const refunds = buildSalesReport('2026-11-23', { ...totals, refundedCents: 2_598 }, [], at);

    expect(refunds.revenueCents).toBe(4_500);
    expect(refunds.revenueCents).toBe(noRefunds.revenueCents);
    expect(refunds.refundedCents).toBe(2_598);
    expect(Object.keys(refunds)).not.toContain('netRevenueCents');
    expect(salesReportMarkdown(refunds)).not.toMatch(/net/i);
  });

  it('given a day without confirmed orders, when built, then no average rather than a division by zero', () => {
    const none = { placed: 0, confirmed: 0, cancelled: 0, revenueCents: 0, refundedCents: 0 };
    expect(buildSalesReport('2026-11-23', none, [], at).averageOrderCents).toBeNull();
  });

  it('given a sku with a comma and quotes, when rendered as CSV, then RFC 4180 quoting and CRLF lines', () => {
    const csv = salesReportCsv(buildSalesReport('2026-11-23', totals, products, at));

    expect(csv).toBe(
      [
        'date,sku,quantity,revenue_cents',
        '2026-11-23,TEE-002,1,3000',
        '2026-11-23,MUG-001,2,1000',
        '2026-11-23,"PEN,""X""",5,500',
        '',
      ].join('\r\n'),
    );
  });

  it('given the report, when rendered as Markdown, then the headline figures and a top-products table', () => {
    const markdown = salesReportMarkdown(buildSalesReport('2026-11-23', totals, products, at), 2);

    expect(markdown).toContain('# Daily sales, 2026-11-23');
    expect(markdown).toContain('- Orders placed: 4; confirmed: 3 (75 %); cancelled: 1');
    expect(markdown).toContain('- Revenue (confirmed orders): 45.00');
    expect(markdown).toContain(
      '- Refunded (cancelled orders and duplicate charges, not part of revenue): 5.00',
    );
    expect(markdown).toContain('| TEE-002 | 1 | 30.00 |');
    expect(markdown).toContain('| MUG-001 | 2 | 10.00 |');
    expect(markdown).not.toContain('PEN'); // only the top 2
  });

  it.each([
    ['a day', '2026-11-23T00:00:00Z', '2026-11-24T00:00:00Z', '2026-11-23'],
    ['less than a day', '2026-11-23T00:00:00Z', '2026-11-23T12:00:00Z', /one whole UTC day/],
    [
      'a day not starting at midnight',
      '2026-11-23T01:00:00Z',
      '2026-11-24T01:00:00Z',
      /one whole UTC day/,
    ],
  ])('given %s, then the report day or a refusal', (_, from, to, expected) => {
    const period = { from: new Date(from), to: new Date(to) };
    if (typeof expected === 'string') expect(reportDay(period)).toBe(expected);
    else expect(() => reportDay(period)).toThrow(expected);
  });
});
