import type { MessageEnvelope, MessageType, OrderPlacedV2Data } from '@pattern-shop/contracts';
import type { OrderLine } from '@pattern-shop/analytics-domain';

/**
 * What the projections need from the streams, as plain data. Every other event type in the
 * topics (payment charged, stock reserved, ...) is read, counted and otherwise ignored.
 */
export type AnalyticsFact =
  | Readonly<{
      kind: 'placed';
      orderId: string;
      messageId: string;
      at: string;
      lines: readonly OrderLine[];
      totalCents: number;
      shippingCountry: string;
    }>
  | Readonly<{
      kind: 'confirmed';
      orderId: string;
      messageId: string;
      at: string;
      totalCents: number;
    }>
  | Readonly<{ kind: 'cancelled'; orderId: string; messageId: string; at: string }>
  | Readonly<{
      kind: 'refunded';
      paymentId: string;
      orderId: string;
      messageId: string;
      at: string;
      amountCents: number;
    }>;

type DataOf<T> = { orderId: string } & T;

/** The types `factOf` turns into facts; every other type leaves the projections as they are. */
export const PROJECTED_TYPES: ReadonlySet<MessageType> = new Set<MessageType>([
  'OrderPlaced',
  'OrderConfirmed',
  'OrderCancelled',
  'PaymentRefunded',
]);

/**
 * The fact an envelope carries, or undefined for types the projections do not use. Expects an
 * envelope already validated and upcast (`decodeMessage`): OrderPlaced is always v2 here.
 */
export const factOf = (envelope: MessageEnvelope): AnalyticsFact | undefined => {
  const { messageId, occurredAt: at } = envelope;
  switch (envelope.type) {
    case 'OrderPlaced': {
      const data = envelope.data as OrderPlacedV2Data;
      return {
        kind: 'placed',
        orderId: data.orderId,
        messageId,
        at,
        lines: data.lines,
        totalCents: data.totalCents,
        shippingCountry: data.shippingCountry,
      };
    }
    case 'OrderConfirmed': {
      const data = envelope.data as DataOf<{ totalCents: number }>;
      return {
        kind: 'confirmed',
        orderId: data.orderId,
        messageId,
        at,
        totalCents: data.totalCents,
      };
    }
    case 'OrderCancelled':
      return {
        kind: 'cancelled',
        orderId: (envelope.data as DataOf<object>).orderId,
        messageId,
        at,
      };
    case 'PaymentRefunded': {
      const data = envelope.data as DataOf<{ paymentId: string; amountCents: number }>;
      return {
        kind: 'refunded',
        paymentId: data.paymentId,
        orderId: data.orderId,
        messageId,
        at,
        amountCents: data.amountCents,
      };
    }
    default:
      return undefined;
  }
};

/**
 * The projection tables a fact of each kind is applied to (persistence/projections), named on the
 * record's span so a journey says which projections its Kafka record moved. A redelivered fact
 * finds its `order_facts` row applied already and changes none of them.
 */
export const PROJECTIONS_OF: Readonly<Record<AnalyticsFact['kind'], readonly string[]>> = {
  placed: ['order_facts', 'orders_per_minute', 'daily_totals'],
  confirmed: ['order_facts', 'daily_totals', 'product_sales_daily'],
  cancelled: ['order_facts', 'daily_totals'],
  refunded: ['refund_facts', 'daily_totals'],
};

/** Facts of one kind, the first of each key only: one statement may not touch a row twice. */
export const firstOfEach = <F extends AnalyticsFact>(
  facts: readonly AnalyticsFact[],
  kind: F['kind'],
): F[] => {
  const seen = new Map<string, F>();
  for (const fact of facts) {
    if (fact.kind !== kind) continue;
    const key = fact.kind === 'refunded' ? fact.paymentId : fact.orderId;
    if (!seen.has(key)) seen.set(key, fact as F);
  }
  // Plain code-unit order: any one order shared by every writer keeps their row locks in step.
  return [...seen.values()].sort((a, b) => compare(keyOf(a), keyOf(b)));
};

const keyOf = (fact: AnalyticsFact): string =>
  fact.kind === 'refunded' ? fact.paymentId : fact.orderId;

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
