export type DeadLetterCommand =
  | Readonly<{ kind: 'help' }>
  | Readonly<{ kind: 'list-queues' }>
  | Readonly<{ kind: 'list-messages'; queue: string }>
  | Readonly<{ kind: 'show'; queue: string; messageId: string }>
  | Readonly<{ kind: 'redrive'; queue: string; messageId: string }>
  | Readonly<{ kind: 'redrive-all'; queue: string }>;

export const USAGE = `Usage: dead-letters <command>

  list                          every dead-letter queue (*.dlq) with its depth
  list --queue <Q>              the dead letters of Q (read from Q.dlq, left in place)
  show <Q> <messageId>          one dead letter: its headers and body
  redrive <Q> <messageId>       moves that dead letter back to its original queue
  redrive <Q> --all             moves every dead letter of Q back to its original queue
  --help                        this text

<Q> is the consumed queue (e.g. email.order-events); its .dlq name is accepted too.
Environment: RABBITMQ_URL (amqp://shop:shop_dev@127.0.0.1:5672),
             RABBITMQ_MANAGEMENT_URL (http://127.0.0.1:15672; credentials from RABBITMQ_URL).`;

/** A usage mistake: the CLI prints it with the usage text and exits with 1. */
export class UsageError extends Error {}

const DLQ_SUFFIX = '.dlq';

/** `email.order-events` and `email.order-events.dlq` both name the queue `email.order-events`. */
export const consumedQueueName = (queue: string): string =>
  queue.endsWith(DLQ_SUFFIX) ? queue.slice(0, -DLQ_SUFFIX.length) : queue;

/** Parses the arguments after `dead-letters`; throws UsageError on anything it does not know. */
export const parseDeadLetterArguments = (args: readonly string[]): DeadLetterCommand => {
  if (args.length === 0 || args.includes('--help') || args.includes('-h')) return { kind: 'help' };
  const [command, ...rest] = args;
  switch (command) {
    case 'list':
      if (rest.length === 0) return { kind: 'list-queues' };
      if (rest.length === 2 && rest[0] === '--queue') {
        return { kind: 'list-messages', queue: queueArgument(rest[1]) };
      }
      throw new UsageError(`list takes no argument or --queue <Q>, got: ${rest.join(' ')}`);
    case 'show': {
      const [queue, messageId] = exactly(rest, 2, 'show <Q> <messageId>');
      return { kind: 'show', queue: queueArgument(queue), messageId };
    }
    case 'redrive': {
      const [queue, target] = exactly(rest, 2, 'redrive <Q> <messageId|--all>');
      if (target === '--all') return { kind: 'redrive-all', queue: queueArgument(queue) };
      if (target.startsWith('--')) throw new UsageError(`unknown option: ${target}`);
      return { kind: 'redrive', queue: queueArgument(queue), messageId: target };
    }
    default:
      throw new UsageError(`unknown command: ${String(command)}`);
  }
};

const exactly = (args: readonly string[], count: 2, usage: string): [string, string] => {
  const [first, second] = args;
  if (args.length !== count || first === undefined || second === undefined) {
    throw new UsageError(`expected: ${usage}`);
  }
  return [first, second];
};

const queueArgument = (queue: string | undefined): string => {
  if (queue === undefined || queue === '' || queue.startsWith('--')) {
    throw new UsageError('a queue name is missing');
  }
  return consumedQueueName(queue);
};
