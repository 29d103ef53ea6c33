import { deadLetterQueueName, portOf, QUEUES } from '@pattern-shop/contracts';
import { type DeadLetter, formatDeadLetterDetail, oneLine } from './dead-letter-format.js';

/**
 * `order.saga-parked` is a dead-letter queue for people, not for a consumer: its letters are
 * notes (CheckoutSagaParked) written when a saga parked, read where they are, never redriven.
 */
export const isParkedSagaQueue = (queue: string): boolean => queue === QUEUES.orderSagaParked;

/**
 * What the CLI's `list` shows: every `Q.dlq` and the parked sagas' notes, not the notes' own
 * `.dlq` (nothing consumes the notes, so none is ever dead-lettered; its name means the notes).
 */
export const isLetterQueue = (name: string): boolean =>
  isParkedSagaQueue(name) ||
  (name.endsWith('.dlq') && name !== deadLetterQueueName(QUEUES.orderSagaParked));

/** The queue the letters of `queue` wait in: `Q.dlq`, or the parked sagas' queue itself. */
export const letterQueueOf = (queue: string): string =>
  isParkedSagaQueue(queue) ? queue : deadLetterQueueName(queue);

const ORDER_SERVICE = `http://127.0.0.1:${portOf('order-service')}`;

/** What a person does about a parked saga, in the CLI's words. */
export const PARKED_SAGA_ADVICE = [
  'A parked saga waits for a person: find and fix why its compensation kept failing (the reason),',
  'then resume it on order-service (operator token OPERATOR_TOKEN, locally',
  'local-development-only-operator-token) and discard this note once the saga has finished:',
  `  curl -X POST -H "Authorization: Bearer $OPERATOR_TOKEN" ${ORDER_SERVICE}/sagas/<orderId>/retry`,
  `  curl -H "Authorization: Bearer $OPERATOR_TOKEN" ${ORDER_SERVICE}/sagas/<orderId>   # its state`,
];

export const PARKED_SAGA_REDRIVE_REFUSAL =
  `${QUEUES.orderSagaParked} holds notes for people, not failed deliveries: nothing consumes it, ` +
  'so there is nowhere to redrive to. Resume the saga with POST /sagas/<orderId>/retry on ' +
  'order-service (operator token), then discard the note.';

type ParkedNote = Readonly<{
  orderId: string;
  step: string;
  reason: string;
  attempts: string;
  parkedAt: string;
}>;

/** The note's fields from its envelope; dashes for what a malformed note lacks. */
export const parkedNoteOf = (letter: DeadLetter): ParkedNote => {
  const envelope = parsed(letter.body);
  const data = (envelope['data'] ?? {}) as Record<string, unknown>;
  const text = (value: unknown): string =>
    typeof value === 'string' || typeof value === 'number' ? String(value) : '-';
  return {
    orderId: text(data['orderId'] ?? envelope['aggregateId']),
    step: text(data['step']),
    reason: text(data['reason']),
    attempts: text(data['attempts']),
    parkedAt: text(envelope['occurredAt']),
  };
};

/** Header line, then one line per note: index, id, order, step, attempts, when, reason. */
export const formatParkedTable = (letters: readonly DeadLetter[]): string[] => [
  ['#', 'MESSAGE ID', 'ORDER ID', 'STEP', 'ATTEMPTS', 'PARKED AT', 'REASON'].join('\t'),
  ...letters.map((letter) => {
    const note = parkedNoteOf(letter);
    const id = letter.messageId ?? '-';
    return [letter.index, id, note.orderId, note.step, note.attempts, note.parkedAt]
      .concat(oneLine(note.reason))
      .join('\t');
  }),
];

/** The note in words, what to do about it, then its headers and body as for any letter. */
export const formatParkedDetail = (letter: DeadLetter): string[] => {
  const note = parkedNoteOf(letter);
  return [
    `parked saga of order ${note.orderId}`,
    `step: ${note.step}`,
    `attempts: ${note.attempts}`,
    `parked at: ${note.parkedAt}`,
    `reason: ${note.reason}`,
    '',
    ...PARKED_SAGA_ADVICE.map((line) => line.replaceAll('<orderId>', note.orderId)),
    '',
    ...formatDeadLetterDetail(letter),
  ];
};

const parsed = (body: Buffer): Record<string, unknown> => {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};
