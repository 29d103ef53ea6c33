import { z } from 'zod';
import type { DeadLetter, QueueDepth } from '@pattern-shop/messaging-rabbitmq';

/** A consumed queue's name as the console accepts it (`email.order-events`, or its `.dlq`). */
export const queueName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/, 'must be a queue name (letters, digits, . _ -)');

/** A message id as publishers set it (UUIDs here); bounded so nothing odd reaches the broker. */
export const messageId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/, 'must be a message id (letters, digits, . _ : -)');

/** One dead-letter queue as the console lists it: the consumed queue, its DLQ and its depth. */
export type DeadLetterQueueView = Readonly<{
  queue: string;
  deadLetterQueue: string;
  messages: number;
}>;

/** One dead letter as the console shows it: what failed, why, how often, and the message. */
export type DeadLetterView = Readonly<{
  position: number;
  messageId: string | null;
  type: string | null;
  reason: string | null;
  stack: string | null;
  attempts: number | null;
  failedAt: string | null;
  originalQueue: string | null;
  service: string | null;
  headers: Readonly<Record<string, string>>;
  body: unknown;
}>;

export const queueViews = (queues: readonly QueueDepth[]): DeadLetterQueueView[] =>
  queues.map(({ name, messages }) => ({
    queue: name.replace(/\.dlq$/, ''),
    deadLetterQueue: name,
    messages,
  }));

/** amqplib hands string headers over as Buffers (also inside x-death); the page wants text. */
const readable = (value: unknown): unknown =>
  Buffer.isBuffer(value)
    ? value.toString('utf8')
    : Array.isArray(value)
      ? value.map(readable)
      : typeof value === 'object' && value !== null
        ? Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, readable(inner)]))
        : value;

const headerText = (value: unknown): string => {
  const text = readable(value);
  return typeof text === 'string' ? text : JSON.stringify(text);
};

const bodyOf = (body: Buffer): unknown => {
  const text = body.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
};

export const deadLetterView = (letter: DeadLetter): DeadLetterView => {
  const headers = Object.fromEntries(
    Object.keys(letter.headers)
      .sort()
      .map((name) => [name, headerText(letter.headers[name])]),
  );
  const text = (name: string): string | null => headers[name] ?? null;
  const attempts = Number(headers['x-attempts']);
  return {
    position: letter.index,
    messageId: letter.messageId ?? null,
    type: letter.type ?? text('type'),
    reason: text('x-error-reason'),
    stack: text('x-error-stack'),
    attempts: headers['x-attempts'] === undefined || !Number.isFinite(attempts) ? null : attempts,
    failedAt: text('x-failed-at'),
    originalQueue: text('x-original-queue'),
    service: text('x-service'),
    headers,
    body: bodyOf(letter.body),
  };
};
