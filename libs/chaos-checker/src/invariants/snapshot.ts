// What the checker judges: plain data read from the running system (or planted by a test). The
// readers in ../readers fill it; the rules never read anything else. Times are ISO strings.

export type OrderStatus = 'PENDING' | 'CONFIRMED' | 'CANCELLED';

/** order-service's orders created in the window (its `/reconciliation/daily`). */
export type OrderRecord = Readonly<{
  orderId: string;
  customerId: string;
  status: OrderStatus;
  totalCents: number;
  createdAt: string;
  updatedAt: string;
  lines: ReadonlyArray<Readonly<{ sku: string; quantity: number }>>;
}>;

/** One row of order-service's idempotency_keys: the answer a key stands for. */
export type KeyRecord = Readonly<{
  customerId: string;
  key: string;
  /** null while a request holding the key is in flight. */
  responseStatus: number | null;
  orderId: string | null;
  createdAt: string;
}>;

export type SagaRecord = Readonly<{ orderId: string; status: string; updatedAt: string }>;

/** payment-service's books: one row per order (CHARGED, DECLINED, or REFUNDED after a charge). */
export type PaymentRecord = Readonly<{
  paymentId: string;
  orderId: string;
  status: 'CHARGED' | 'DECLINED' | 'REFUNDED';
  amountCents: number;
}>;

/** The provider's settlement: money that moved, a captured charge or a refund. */
export type LedgerEntry = Readonly<{
  kind: 'charge' | 'refund';
  id: string;
  chargeId: string;
  orderId: string;
  amountCents: number;
}>;

export type StockMovement = Readonly<{
  orderId: string | null;
  sku: string;
  kind: 'RESERVE' | 'RELEASE' | 'RESTOCK';
  /** Signed change of available stock. */
  quantity: number;
}>;

export type StockRecord = Readonly<{
  /** Stock per SKU now. */
  current: Readonly<Record<string, number>>;
  /** Stock per SKU when the run started, if the runner took a snapshot then. */
  initial?: Readonly<Record<string, number>> | undefined;
  /** Every movement since the window's start, of any order. */
  movements: readonly StockMovement[];
}>;

export type OutboxRow = Readonly<{ service: string; id: string; type: string; createdAt: string }>;

export type DeadLetterRecord = Readonly<{
  broker: 'rabbitmq' | 'kafka';
  /** The dead-letter queue or topic. */
  source: string;
  messageId: string;
  type: string;
  reason: string;
  failedAt: string;
}>;

/** A message an outbox published: where to, under its envelope's id (kept on every retry). */
export type PublishedMessage = Readonly<{
  service: string;
  messageId: string;
  type: string;
  broker: 'rabbitmq' | 'kafka';
  /** The exchange (RabbitMQ) or topic (Kafka). */
  destination: string;
  /** RabbitMQ's routing key, or Kafka's record key (the aggregate id). */
  routingKey: string;
  aggregateId: string;
  publishedAt: string;
}>;

/** A consumer's record that it handled a message: its inbox row, or analytics' fact row. */
export type HandledMessage = Readonly<{ consumer: string; messageId: string }>;

/** A consumed queue (or one of its retry queues): ready plus unacknowledged messages. */
export type QueueRecord = Readonly<{ name: string; messages: number }>;

export type MailRecord = Readonly<{ orderId: string; template: string }>;

/** analytics-service's order_facts row of one order. */
export type ProjectionRecord = Readonly<{
  orderId: string;
  placedTotalCents: number | null;
  confirmedTotalCents: number | null;
  confirmed: boolean;
  cancelled: boolean;
}>;

export type FindingRecord = Readonly<{ kind: string; orderId: string; detail: string }>;

export type ReconciliationRecord = Readonly<{
  /** A successful reconciliation run covers the whole window. */
  covered: boolean;
  findings: readonly FindingRecord[];
}>;

/** What the load generator saw, per Idempotency-Key: every attempt's HTTP status and order id. */
export type ClientRequest = Readonly<{
  customerId: string;
  key: string;
  attempts: ReadonlyArray<Readonly<{ status: number; orderId?: string | undefined }>>;
}>;

/** What one realtime watcher (a customer's open page) shows for one order it follows. */
export type WatchedOrder = Readonly<{
  watcher: string;
  orderId: string;
  /** undefined: the watcher shows nothing for it (it never heard of the order). */
  shown: OrderStatus | undefined;
}>;

export type CheckScope = Readonly<{
  /** Orders created in `[from, to)` are the run's. */
  from: string;
  to: string;
  /** Only these customers' orders, when given: earlier tests' leftovers are not the run's. */
  customerIds?: readonly string[] | undefined;
}>;

export type SystemSnapshot = Readonly<{
  scope: CheckScope;
  takenAt: string;
  orders: readonly OrderRecord[];
  keys: readonly KeyRecord[];
  sagas: readonly SagaRecord[];
  payments: readonly PaymentRecord[];
  ledger: readonly LedgerEntry[];
  /** Orders the money records name that order-service has, created outside the window. */
  ordersOutsideWindow: readonly string[];
  stock: StockRecord;
  outbox: readonly OutboxRow[];
  deadLetters: readonly DeadLetterRecord[];
  /** What the outboxes published in the window, and what their consumers recorded of it. */
  messages: Readonly<{
    published: readonly PublishedMessage[];
    handled: readonly HandledMessage[];
  }>;
  queues: readonly QueueRecord[];
  /** sent_emails rows: what email-service recorded as sent. */
  sentEmails: readonly MailRecord[];
  /** Mails the SMTP sink received, one entry per mail (a duplicate appears twice). */
  deliveredMails: readonly MailRecord[];
  projections: readonly ProjectionRecord[];
  reconciliation: ReconciliationRecord;
  /** Absent when the check runs without a load generator (e.g. `chaos check` by hand). */
  client?: readonly ClientRequest[] | undefined;
  /** Absent unless the run kept realtime watchers on its orders (`silent-edge`). */
  watchers?: readonly WatchedOrder[] | undefined;
}>;

/**
 * Dead letters a scenario causes on purpose, matched by every field given. With `count`, exactly
 * that many must be there: a planted poison message that never reached the dead letters is lost.
 */
export type ExpectedDeadLetters = Readonly<{
  source?: string;
  type?: string;
  reasonIncludes?: string;
  messageIdPrefix?: string;
  count?: number;
}>;

/** What the scenario allows or expects; every field has a strict default. */
export type CheckPolicy = Readonly<{
  /** An order must be final this long after it was placed. */
  finalWithinMs: number;
  allowedParkedSagas: number;
  /** Dead letters the scenario causes on purpose (a poison message, a schema drift). */
  expectedDeadLetters: readonly ExpectedDeadLetters[];
  /** Duplicate mails an at-least-once window of the scenario may cause. */
  allowedDuplicateMails: number;
  /** Finding kinds the scenario expects from the nightly reconciliation. */
  expectedFindingKinds: readonly string[];
}>;

export const STRICT_POLICY: CheckPolicy = {
  finalWithinMs: 60_000,
  allowedParkedSagas: 0,
  expectedDeadLetters: [],
  allowedDuplicateMails: 0,
  expectedFindingKinds: [],
};
