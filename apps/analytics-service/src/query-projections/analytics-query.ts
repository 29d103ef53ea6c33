import { z } from 'zod';

const DAY_MS = 86_400_000;
/** Per-minute rows of a longer range would be a download, not an answer. */
export const MAX_SALES_RANGE_DAYS = 31;

/** `2026-11-23` (midnight UTC) or an ISO instant with an offset: a moment in time. */
const instant = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], {
    error: 'must be an ISO date (2026-11-23) or date-time with offset (2026-11-23T10:00:00Z)',
  })
  .transform((text) => new Date(text.length === 10 ? `${text}T00:00:00Z` : text));

type Range = { from?: Date | undefined; to?: Date | undefined };
const ordered = (range: Range) =>
  range.from === undefined || range.to === undefined || range.from < range.to;
const orderedIssue = { message: '`from` must be before `to`', path: ['to'] };

/** A bucket (minute or day) belongs to [from, to) when it starts inside it. */
export const salesQuery = z
  .strictObject({ from: instant, to: instant })
  .refine(ordered, orderedIssue)
  .refine((r) => r.to.getTime() - r.from.getTime() <= MAX_SALES_RANGE_DAYS * DAY_MS, {
    message: `the range may span at most ${MAX_SALES_RANGE_DAYS} days`,
    path: ['to'],
  });
export type SalesQuery = z.infer<typeof salesQuery>;

/** Without `from`/`to`, all time. */
export const funnelQuery = z
  .strictObject({ from: instant.optional(), to: instant.optional() })
  .refine(ordered, orderedIssue);
export type FunnelQuery = z.infer<typeof funnelQuery>;

export const topProductsQuery = z
  .strictObject({
    from: instant.optional(),
    to: instant.optional(),
    by: z.enum(['quantity', 'revenue']).default('quantity'),
    limit: z.coerce.number().int().min(1).max(100).default(10),
  })
  .refine(ordered, orderedIssue);
export type TopProductsQuery = z.infer<typeof topProductsQuery>;
