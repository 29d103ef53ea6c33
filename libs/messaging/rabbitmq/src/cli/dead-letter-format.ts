/** One message read from a dead-letter queue, as the CLI shows it. */
export type DeadLetter = Readonly<{
  /** 1-based position in the dead-letter queue when it was read. */
  index: number;
  messageId: string | undefined;
  type: string | undefined;
  headers: Readonly<Record<string, unknown>>;
  body: Buffer;
}>;

export type QueueDepth = Readonly<{ name: string; messages: number }>;

const REASON_WIDTH = 60;

export const formatQueueDepths = (queues: readonly QueueDepth[]): string[] => {
  if (queues.length === 0) return ['no dead-letter queues (*.dlq)'];
  const width = Math.max(...queues.map((queue) => queue.name.length), 'QUEUE'.length);
  return [
    `${'QUEUE'.padEnd(width)}  MESSAGES`,
    ...queues.map((queue) => `${queue.name.padEnd(width)}  ${queue.messages}`),
  ];
};

/** Header line, then one line per dead letter: index, id, type, reason, attempts, when, where. */
export const formatDeadLetterTable = (letters: readonly DeadLetter[]): string[] => [
  ['#', 'MESSAGE ID', 'TYPE', 'ATTEMPTS', 'FAILED AT', 'ORIGINAL QUEUE', 'REASON'].join('\t'),
  ...letters.map(formatDeadLetterLine),
];

export const formatDeadLetterLine = (letter: DeadLetter): string =>
  [
    String(letter.index),
    letter.messageId ?? '-',
    letter.type ?? headerText(letter.headers, 'type'),
    headerText(letter.headers, 'x-attempts'),
    headerText(letter.headers, 'x-failed-at'),
    headerText(letter.headers, 'x-original-queue'),
    oneLine(headerText(letter.headers, 'x-error-reason')),
  ].join('\t');

/** Every header (stack included, on its own lines) and the body, pretty-printed when JSON. */
export const formatDeadLetterDetail = (letter: DeadLetter): string[] => {
  const names = Object.keys(letter.headers).sort();
  const headers = names.map((name) => `  ${name}: ${String(letter.headers[name])}`);
  return [
    `message id: ${letter.messageId ?? '-'}`,
    `type: ${letter.type ?? '-'}`,
    `position: ${letter.index}`,
    'headers:',
    ...headers,
    'body:',
    prettyBody(letter.body),
  ];
};

/** A reason fits one line of the table: newlines folded, long text cut. */
export const oneLine = (text: string): string => {
  const folded = text.replace(/\s+/g, ' ').trim();
  return folded.length > REASON_WIDTH ? `${folded.slice(0, REASON_WIDTH - 1)}…` : folded;
};

const headerText = (headers: Readonly<Record<string, unknown>>, name: string): string => {
  const value = headers[name];
  if (value === undefined || value === null) return '-';
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
};

const prettyBody = (body: Buffer): string => {
  const text = body.toString('utf8');
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text; // a malformed message is shown as it came: that is often why it died
  }
};
