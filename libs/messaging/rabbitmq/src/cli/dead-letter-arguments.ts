import { QUEUES } from '@pattern-shop/contracts';
import { POISONABLE_QUEUES, type PoisonableQueue } from './poison-messages.js';

export type DeadLetterCommand =
  | Readonly<{ kind: 'help' }>
  | Readonly<{ kind: 'list-queues' }>
  | Readonly<{ kind: 'list-messages'; queue: string }>
  | Readonly<{ kind: 'show'; queue: string; messageId: string }>
  | Readonly<{ kind: 'redrive'; queue: string; messageId: string }>
  | Readonly<{ kind: 'redrive-all'; queue: string }>
  | Readonly<{ kind: 'discard'; queue: string; messageId: string }>
  | Readonly<{ kind: 'discard-all'; queue: string }>
  | Readonly<{ kind: 'poison'; queue: PoisonableQueue }>;

export const USAGE = `Usage: dead-letters <command>

  list                          every dead-letter queue (*.dlq) and ${QUEUES.orderSagaParked}, with depths
  list <Q>                      the letters of Q (read from Q.dlq, left in place); also list --queue <Q>
  show <Q> <messageId>          one letter: its headers and body (or: show <Q> --id <messageId>)
  redrive <Q> <messageId>       moves that dead letter back to its original queue
  redrive <Q> --all             moves every dead letter of Q back to its original queue
  discard <Q> --id <messageId>  removes that letter for good and prints what it removed
  discard <Q> --all --yes       removes every letter of Q.dlq for good
  poison <Q>                    publishes one message Q's consumer cannot handle: watch it retry
                                and land in Q.dlq (Q: payment.commands, inventory.commands or
                                email.order-events; refused with NODE_ENV=production)
  --help                        this text

<Q> is the consumed queue (e.g. email.order-events); its .dlq name is accepted too.
${QUEUES.orderSagaParked} holds the notes of checkout sagas parked in COMPENSATION_FAILED: list,
show and discard read it directly. It cannot be redriven: fix the cause, resume the saga with
POST /sagas/<orderId>/retry on order-service (Authorization: Bearer <OPERATOR_TOKEN>), then discard
the note.
Environment: RABBITMQ_URL (amqp://shop:shop_dev@127.0.0.1:5672),
             RABBITMQ_MANAGEMENT_URL (http://127.0.0.1:15672; credentials from RABBITMQ_URL).`;

/** A usage mistake: the CLI prints it with the usage text and exits with 1. */
export class UsageError extends Error {
  readonly withUsage: boolean = true;
}

/** A destructive command without its confirmation: the message alone says what to add. */
export class ConfirmationMissing extends UsageError {
  override readonly withUsage = false;
}

const DLQ_SUFFIX = '.dlq';

/** `email.order-events` and `email.order-events.dlq` both name the queue `email.order-events`. */
export const consumedQueueName = (queue: string): string =>
  queue.endsWith(DLQ_SUFFIX) ? queue.slice(0, -DLQ_SUFFIX.length) : queue;

/** Parses the arguments after `dead-letters`; throws UsageError on anything it does not know. */
export const parseDeadLetterArguments = (args: readonly string[]): DeadLetterCommand => {
  if (args.length === 0 || args.includes('--help') || args.includes('-h')) return { kind: 'help' };
  const [command, queue, ...rest] = args;
  switch (command) {
    case 'list':
      if (queue === undefined) return { kind: 'list-queues' };
      if (queue === '--queue' && rest.length === 1) {
        return { kind: 'list-messages', queue: queueArgument(rest[0]) };
      }
      if (rest.length === 0) return { kind: 'list-messages', queue: queueArgument(queue) };
      throw new UsageError(`list takes no argument, <Q> or --queue <Q>, got: ${args.join(' ')}`);
    case 'show':
      return { kind: 'show', queue: queueArgument(queue), messageId: messageIdIn(rest, 'show') };
    case 'redrive':
      if (rest.length === 1 && rest[0] === '--all') {
        return { kind: 'redrive-all', queue: queueArgument(queue) };
      }
      return {
        kind: 'redrive',
        queue: queueArgument(queue),
        messageId: messageIdIn(rest, 'redrive'),
      };
    case 'discard':
      return discardCommand(queueArgument(queue), rest);
    case 'poison':
      return poisonCommand(queue, rest);
    default:
      throw new UsageError(`unknown command: ${String(command)}`);
  }
};

const discardCommand = (queue: string, rest: readonly string[]): DeadLetterCommand => {
  if (rest.includes('--all')) {
    if (rest.length === 2 && rest.includes('--yes')) return { kind: 'discard-all', queue };
    if (rest.length === 1) {
      throw new ConfirmationMissing(
        `discard --all removes every letter of ${queue} for good: add --yes`,
      );
    }
    throw new UsageError(`expected: discard <Q> --all --yes, got: ${rest.join(' ')}`);
  }
  return { kind: 'discard', queue, messageId: messageIdIn(rest, 'discard') };
};

const poisonCommand = (queue: string | undefined, rest: readonly string[]): DeadLetterCommand => {
  const known = POISONABLE_QUEUES.find((candidate) => candidate === queue);
  if (known === undefined || rest.length > 0) {
    throw new UsageError(`expected: poison <Q>, with Q one of ${POISONABLE_QUEUES.join(', ')}`);
  }
  return { kind: 'poison', queue: known };
};

/** `<messageId>` or `--id <messageId>`, and nothing else. */
const messageIdIn = (rest: readonly string[], command: string): string => {
  const [first, second] = rest;
  if (rest.length === 1 && first !== undefined && !first.startsWith('--')) return first;
  if (rest.length === 2 && first === '--id' && second !== undefined && second !== '') return second;
  throw new UsageError(`expected: ${command} <Q> <messageId> (or --id <messageId>)`);
};

const queueArgument = (queue: string | undefined): string => {
  if (queue === undefined || queue === '' || queue.startsWith('--')) {
    throw new UsageError('a queue name is missing');
  }
  return consumedQueueName(queue);
};
