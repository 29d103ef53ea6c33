import { z } from 'zod';

/**
 * What each service exposes to the nightly reconciliation (analytics-service), through its own
 * API and never its tables: `GET /reconciliation/daily`. Shared so the job and the services
 * cannot drift apart. Every endpoint:
 * - takes the period as `date=YYYY-MM-DD` (a UTC day) or as `from` and `to` (ISO timestamps,
 *   half-open `[from, to)`, at most 7 days), never both;
 * - is paged by keyset: `limit` (1..1000, default 500) and `after`, the `nextCursor` of the page
 *   before, so a large day is never loaded into memory on either side;
 * - needs the service token (`Authorization: Bearer <SERVICE_TOKEN>`): it lists every customer's data;
 * - answers a bad query with 400 problem+json naming what is wrong.
 */

export const RECONCILIATION_PAGE_LIMIT = { default: 500, max: 1000 } as const;
const MAX_PERIOD_MS = 7 * 24 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** True for a real UTC calendar day as YYYY-MM-DD; never throws (`0000-00-00` is no date). */
const isCalendarDate = (value: string): boolean => {
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
};

/** A UTC day as `YYYY-MM-DD`, e.g. a reconciliation's or a sales report's date. */
export const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine(isCalendarDate, 'is not a calendar date');

/** Half-open period `[from, to)`. */
export type Period = Readonly<{ from: Date; to: Date }>;

/** The UTC day `date` (YYYY-MM-DD) as a period. */
export const dayPeriod = (date: string): Period => {
  const from = new Date(`${date}T00:00:00.000Z`);
  return { from, to: new Date(from.getTime() + DAY_MS) };
};

/** The cursor is opaque to callers: the keyset (timestamp, id) of the last item of a page. */
export const encodeCursor = (at: Date | string, id: string): string =>
  Buffer.from(JSON.stringify([new Date(at).toISOString(), id])).toString('base64url');

export const decodeCursor = (cursor: string): Readonly<{ at: Date; id: string }> | undefined => {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 2) return undefined;
    const [at, id] = parsed as unknown[];
    if (typeof at !== 'string' || typeof id !== 'string' || id.length > 200) return undefined;
    const date = new Date(at);
    return Number.isNaN(date.getTime()) ? undefined : { at: date, id };
  } catch {
    return undefined;
  }
};

/** `GET /reconciliation/daily` query, parsed into a period, a limit and an optional keyset. */
export const reconciliationQuery = z
  .strictObject({
    date: calendarDate.optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    after: z.string().max(400).optional(),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(RECONCILIATION_PAGE_LIMIT.max)
      .default(RECONCILIATION_PAGE_LIMIT.default),
  })
  .superRefine((query, ctx) => {
    const range = query.from !== undefined || query.to !== undefined;
    if (query.date !== undefined && range) {
      ctx.addIssue({ code: 'custom', message: 'give either date or from and to, not both' });
    } else if (query.date === undefined && !range) {
      ctx.addIssue({ code: 'custom', message: 'give date=YYYY-MM-DD, or from and to' });
    } else if (range && (query.from === undefined || query.to === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'from and to go together' });
    } else if (range) {
      const span = Date.parse(query.to ?? '') - Date.parse(query.from ?? '');
      if (span <= 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
      if (span > MAX_PERIOD_MS) {
        ctx.addIssue({ code: 'custom', path: ['to'], message: 'a period is at most 7 days' });
      }
    }
    if (query.after !== undefined && decodeCursor(query.after) === undefined) {
      ctx.addIssue({ code: 'custom', path: ['after'], message: 'is not a cursor from nextCursor' });
    }
  })
  .transform((query) => ({
    period:
      query.date !== undefined
        ? dayPeriod(query.date)
        : { from: new Date(query.from ?? ''), to: new Date(query.to ?? '') },
    limit: query.limit,
    after: query.after === undefined ? undefined : decodeCursor(query.after),
  }));

export type ReconciliationQuery = z.output<typeof reconciliationQuery>;

/**
 * The query of a service whose cursors carry ids of one kind (a uuid, a bigint): a cursor with
 * another id is not one of its cursors, and is a 400 like any bad cursor, never a failed cast in
 * SQL.
 */
export const reconciliationQueryWithIds = (isOwnId: (id: string) => boolean) =>
  reconciliationQuery.refine((query) => query.after === undefined || isOwnId(query.after.id), {
    path: ['after'],
    message: 'is not a cursor from nextCursor',
  });

export type ReconciliationPage<Item> = Readonly<{
  from: string;
  to: string;
  items: readonly Item[];
  /** Pass as `after` for the next page; null on the last page. */
  nextCursor: string | null;
}>;

/** The page's shape, for the services' OpenAPI documents. */
export const reconciliationPageOf = <Item extends z.ZodType>(item: Item) =>
  z.object({
    from: z.string(),
    to: z.string(),
    items: z.array(item),
    nextCursor: z.string().nullable(),
  });

/** order-service: orders created in the period, ordered by (createdAt, orderId). */
export const reconciliationOrder = z.object({
  orderId: z.uuid(),
  customerId: z.string(),
  status: z.enum(['PENDING', 'CONFIRMED', 'CANCELLED']),
  totalCents: z.number().int().nonnegative(),
  currency: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lines: z.array(z.object({ sku: z.string(), quantity: z.number().int().positive() })),
});
export type ReconciliationOrder = z.infer<typeof reconciliationOrder>;

/** payment-service: its payment records whose `recordedAt` is in the period, by (recordedAt, paymentId). */
export const reconciliationPayment = z.object({
  paymentId: z.uuid(),
  orderId: z.uuid(),
  status: z.enum(['CHARGED', 'DECLINED', 'REFUNDED']),
  amountCents: z.number().int().nonnegative(),
  currency: z.string(),
  providerChargeId: z.string().nullable(),
  recordedAt: z.string(),
  chargedAt: z.string().nullable(),
  refundedAt: z.string().nullable(),
});
export type ReconciliationPayment = z.infer<typeof reconciliationPayment>;

/**
 * payment-provider: its settlement for the period, the money that actually moved: captured
 * charges (by createdAt) and refunds (by refundedAt), ordered by (at, id). Declined charges move
 * no money and are left out.
 */
export const settlementEntry = z.object({
  kind: z.enum(['charge', 'refund']),
  /** chargeId for a charge, refundId for a refund. */
  id: z.string(),
  chargeId: z.string(),
  orderId: z.string(),
  amountCents: z.number().int().nonnegative(),
  currency: z.string(),
  at: z.string(),
});
export type SettlementEntry = z.infer<typeof settlementEntry>;

/** inventory-service: stock movements of orders in the period, by (occurredAt, id). */
export const reconciliationStockMovement = z.object({
  /** The movement's id (as a string): the keyset's tie-breaker. */
  id: z.string(),
  orderId: z.uuid(),
  sku: z.string(),
  kind: z.enum(['RESERVE', 'RELEASE']),
  /** Signed change of available stock: a reservation is negative, a release positive. */
  quantity: z.number().int(),
  occurredAt: z.string(),
});
export type ReconciliationStockMovement = z.infer<typeof reconciliationStockMovement>;
