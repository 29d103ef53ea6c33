import type { Period } from '@pattern-shop/contracts';

/**
 * The daily sales report (pattern 7's second job), as plain data and its two renderings. Pure:
 * the job reads the day's projections and passes them in, with the time it was made.
 */
export type DayTotals = Readonly<{
  placed: number;
  confirmed: number;
  cancelled: number;
  revenueCents: number;
  refundedCents: number;
}>;

export type ProductSales = Readonly<{ sku: string; quantity: number; revenueCents: number }>;

export type SalesReport = Readonly<{
  date: string;
  generatedAt: string;
  orders: Readonly<{ placed: number; confirmed: number; cancelled: number }>;
  /**
   * Confirmed orders' totals, on the day they were confirmed: already net of refunds, since a
   * refund only ever returns money no confirmed total counts (a cancelled order's charge, a
   * duplicate charge). Refunds are reported beside it and never subtracted (pattern 4's page).
   */
  revenueCents: number;
  refundedCents: number;
  averageOrderCents: number | null;
  /** Every product sold that day, best revenue first. */
  products: readonly ProductSales[];
}>;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The report covers whole UTC days only: that is what the projections count by. */
export const reportDay = ({ from, to }: Period): string => {
  if (from.getTime() % DAY_MS !== 0 || to.getTime() - from.getTime() !== DAY_MS) {
    throw new Error('the sales report covers one whole UTC day (00:00 to 00:00)');
  }
  return from.toISOString().slice(0, 10);
};

export const buildSalesReport = (
  date: string,
  totals: DayTotals,
  products: readonly ProductSales[],
  generatedAt: Date,
): SalesReport => ({
  date,
  generatedAt: generatedAt.toISOString(),
  orders: { placed: totals.placed, confirmed: totals.confirmed, cancelled: totals.cancelled },
  revenueCents: totals.revenueCents,
  refundedCents: totals.refundedCents,
  averageOrderCents:
    totals.confirmed === 0 ? null : Math.round(totals.revenueCents / totals.confirmed),
  products: [...products].sort(
    (a, b) =>
      b.revenueCents - a.revenueCents || b.quantity - a.quantity || a.sku.localeCompare(b.sku),
  ),
});

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
const csvField = (value: string | number): string => {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** One line per product, for a spreadsheet; the day's totals are in the JSON and the summary. */
export const salesReportCsv = (report: SalesReport): string =>
  [
    ['date', 'sku', 'quantity', 'revenue_cents'],
    ...report.products.map((p) => [report.date, p.sku, p.quantity, p.revenueCents]),
  ]
    .map((row) => row.map(csvField).join(','))
    .join('\r\n')
    .concat('\r\n');

const euros = (cents: number): string => (cents / 100).toFixed(2);

/** A summary a person reads in the morning. */
export const salesReportMarkdown = (report: SalesReport, topN = 10): string => {
  const { orders } = report;
  const rate =
    orders.placed === 0 ? 'n/a' : `${Math.round((orders.confirmed / orders.placed) * 100)} %`;
  const lines = [
    `# Daily sales, ${report.date}`,
    '',
    `Generated ${report.generatedAt}.`,
    '',
    `- Orders placed: ${orders.placed}; confirmed: ${orders.confirmed} (${rate}); cancelled: ${orders.cancelled}`,
    `- Revenue (confirmed orders): ${euros(report.revenueCents)}`,
    `- Refunded (cancelled orders and duplicate charges, not part of revenue): ${euros(report.refundedCents)}`,
    `- Average confirmed order: ${report.averageOrderCents === null ? 'n/a' : euros(report.averageOrderCents)}`,
    '',
    `## Top products`,
    '',
  ];
  if (report.products.length === 0) return [...lines, 'No product was sold.', ''].join('\n');
  return [
    ...lines,
    '| sku | quantity | revenue |',
    '| --- | ---: | ---: |',
    ...report.products
      .slice(0, topN)
      .map((p) => `| ${p.sku.replaceAll('|', '\\|')} | ${p.quantity} | ${euros(p.revenueCents)} |`),
    '',
  ].join('\n');
};
