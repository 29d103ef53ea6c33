import type { InjectionToken } from '@nestjs/common';
import { Counter, type Registry } from 'prom-client';
import type { MessageEnvelope, MessageType } from '@pattern-shop/contracts';
import type { Logger } from '@pattern-shop/observability';
import { PermanentMessageError } from './retry-policy.js';
import type { DeliveryInfo, SubscriptionOptions } from './subscription-options.js';

/** Where the consumer reads: its queue, bound to `exchange` by `routingKeys`. */
export type ConsumerBinding = Pick<SubscriptionOptions, 'queue' | 'exchange' | 'routingKeys'>;

/** How it reads; the weak switches and the service name come from the connection's defaults. */
export type ConsumerSettings = Pick<
  SubscriptionOptions,
  | 'prefetch'
  | 'maxAttempts'
  | 'retryDelaysMs'
  | 'crashLimit'
  | 'exclusive'
  | 'deadLetterQueue'
  | 'drainTimeoutMs'
  | 'decode'
  | 'verifier'
  | 'inboxBatch'
>;

export type Dependencies = Record<string, InjectionToken>;

/** The instances behind the tokens of `inject`: a class token gives its instance type. */
export type Injected<D extends Dependencies> = {
  [K in keyof D]: D[K] extends abstract new (...args: never) => infer I ? I : unknown;
};

/** Applies one message type; what it returns is the outcome `report` logs and counts. */
export type Route<D extends Dependencies> = (
  injected: Injected<D>,
  envelope: MessageEnvelope,
  delivery: DeliveryInfo,
) => unknown;

export type ConsumerDeclaration<D extends Dependencies> = Readonly<{
  binding: ConsumerBinding;
  /** The settings themselves, or the token of a provider that holds them (from configuration). */
  settings?: ConsumerSettings | InjectionToken;
  /** What the routes use, resolved by Nest: handlers, a DataSource, ... */
  inject: D;
  routes: Readonly<Partial<Record<MessageType, Route<D>>>>;
  /** Types acked and logged without effect; any other type without a route is dead-lettered. */
  noted?: readonly MessageType[];
  /** Errors no retry can fix, dead-lettered at once, e.g. a request the downstream refused. */
  permanent?: (error: unknown) => boolean;
  /** Logs each handled message with its outcome, and counts outcomes by type if `counter`. */
  report?: Readonly<{
    message: string;
    level?: 'info' | 'debug';
    counter?: Readonly<{ name: string; help: string }>;
  }>;
  /** Called when consuming resumes after a lost link: messages of the gap may be gone. */
  onConsumingAgain?: (injected: Injected<D>) => void;
}>;

/**
 * The `handle` of a declared consumer: the route of the message's type, a noted type logged,
 * any other type dead-lettered; each outcome reported as the declaration asks.
 */
export const messageRouter = <D extends Dependencies>(
  { binding, routes, noted = [], permanent, report }: ConsumerDeclaration<D>,
  injected: Injected<D>,
  logger: Logger,
  metrics: Registry,
) => {
  const outcomes =
    report?.counter &&
    new Counter({ ...report.counter, labelNames: ['type', 'outcome'], registers: [metrics] });
  return async (envelope: MessageEnvelope, delivery: DeliveryInfo): Promise<void> => {
    const { messageId, type, aggregateId } = envelope;
    const route = routes[type as MessageType];
    if (route === undefined) {
      if (noted.includes(type as MessageType)) {
        return void logger.info({ messageId, type }, 'message noted, no effect');
      }
      // A type routed here that this consumer does not know is a publisher's mistake.
      throw new PermanentMessageError(`${binding.queue} has no route for ${type}`);
    }
    let outcome: unknown;
    try {
      outcome = await route(injected, envelope, delivery);
    } catch (error) {
      if (permanent?.(error) === true && error instanceof Error) {
        throw new PermanentMessageError(error.message, { cause: error });
      }
      throw error;
    }
    if (report === undefined) return;
    outcomes?.inc({ type, outcome: String(outcome) });
    logger[report.level ?? 'info']({ messageId, type, aggregateId, outcome }, report.message);
  };
};
