import type { MessageEnvelope } from '@pattern-shop/contracts';
import type { MessageVerifier } from '@pattern-shop/messaging-signing';
import type { Registry } from 'prom-client';
import type { InboxBatchSettings } from './delivery-batch.js';
import type { ConnectionLogSink } from './rabbit-connection.js';

export type DeliveryInfo = Readonly<{
  /** The routing key the message was first published with, also on a retry. */
  routingKey: string;
  headers: Record<string, unknown>;
  redelivered: boolean;
}>;

export type SubscriberLogSink = ConnectionLogSink &
  Readonly<{ error: (fields: object, message: string) => void }>;

export type SubscriptionOptions = Readonly<{
  /** Durable quorum queue `<service>.<what>`; dead letters go to `<queue>.dlq`. */
  queue: string;
  /** Topic exchange the queue is bound to, declared durable if missing. */
  exchange: string;
  routingKeys: readonly string[];
  /** Deliveries handled at once (unacknowledged); 1 keeps the queue's order. Default 10. */
  prefetch?: number;
  /** Applies the message through `handleOnce`, so the ack follows the inbox commit. */
  handle: (envelope: MessageEnvelope, delivery: DeliveryInfo) => Promise<void>;
  /**
   * Total handlings of a message, the first delivery included, before it goes to `Q.dlq`.
   * Default 3: the first delivery and two retries. A `PermanentMessageError` skips the retries.
   */
  maxAttempts?: number;
  /**
   * Wait before retry n: `retryDelaysMs[n - 1]` (the last one when the list is shorter), less up
   * to 20 % jitter. One classic queue `Q.retry.<delay>` per delay used. Default 1 s, 10 s, 60 s.
   */
  retryDelaysMs?: readonly number[];
  /** A delivery with `x-delivery-count` at this goes to `Q.dlq` unhandled. Default 5. */
  crashLimit?: number;
  /**
   * Checks each message's signature before its body is read, and that its signer owns its type
   * (docs/security.md); a refused one goes to `Q.dlq` at once, its reason in `x-error-reason`, and
   * counts in `messages_rejected_total{reason="signature"}`. No weak switch skips it.
   */
  verifier?: MessageVerifier;
  /** Throws on a message that can never be handled, e.g. `validateAgainstCatalogue`. */
  validate?: (envelope: MessageEnvelope) => void;
  /**
   * Validates and upcasts, e.g. `decodeMessage`: the handler receives what it returns; a throw
   * dead-letters the message as unhandleable.
   */
  decode?: (envelope: MessageEnvelope) => MessageEnvelope;
  /** `x-service` of dead letters. Default: the queue name up to its first dot. */
  service?: string;
  /** How long `close()` waits for running handlers before closing the channel anyway. */
  drainTimeoutMs?: number;
  clock?: () => Date;
  /** Draws the retry jitter; replaced in tests. */
  random?: () => number;
  /** Retries are logged at warn, dead letters at error (pino fits this shape). */
  logger?: SubscriberLogSink;
  /** The service's registry: handled counts, handling and wait times (`subscriber-metrics.ts`). */
  metrics?: Registry;
  /**
   * A queue of this connection alone (classic, exclusive, auto-delete) instead of a shared quorum
   * queue: every instance of a service then gets every message, e.g. realtime-gateway. It is gone
   * with its connection, so messages published meanwhile are lost, and a retry queue could not
   * return a message to it: `maxAttempts` must stay 1. Default false.
   */
  exclusive?: boolean;
  /** Where dead letters go. Default `<queue>.dlq`; an exclusive queue should name a shared one. */
  deadLetterQueue?: string;
  /**
   * The weak variant `ack-before-effect` (docs/chaos.md), for the chaos lab only: each delivery is
   * acked before `handle` runs, so a failure loses it instead of retrying it. Default false.
   */
  ackBeforeEffect?: boolean;
  /**
   * The weak variant `unbounded-retries` (docs/chaos.md), for the chaos lab only: a failed message,
   * poison included, is retried forever instead of dead-lettered. No effect when `maxAttempts` is 1.
   */
  unboundedRetries?: boolean;
  /**
   * The weak variant `no-schema-check` (docs/chaos.md), for the workshops only: `validate` and
   * `decode` are skipped, so `handle` gets `data` of whatever version was sent. Default false.
   */
  skipSchemaCheck?: boolean;
  /**
   * Commits the inbox of several deliveries in one transaction (`handleOnce` joins it), handled
   * one batch at a time in delivery order. Only for handlers whose effects are all in that
   * transaction: a rolled-back batch runs each handler again (docs/consumers.md, "Batches").
   * Default: none, one transaction per delivery.
   */
  inboxBatch?: InboxBatchSettings;
  /** Called each time the subscriber starts consuming, the first time and after a reconnection. */
  onConsuming?: () => void;
}>;

export type Subscription = Readonly<{ close: () => Promise<void> }>;
