import { randomUUID } from 'node:crypto';
import {
  parseDeadLetterArguments,
  USAGE,
  UsageError,
  type DeadLetterCommand,
} from './dead-letter-arguments.js';
import { connectToRabbit, DeadLetterBrowser } from './dead-letter-browser.js';
import {
  type DeadLetter,
  formatDeadLetterDetail,
  formatDeadLetterTable,
  formatQueueDepths,
  oneLine,
} from './dead-letter-format.js';
import { listDeadLetterQueues } from './dead-letter-queues.js';
import {
  formatParkedDetail,
  formatParkedTable,
  isLetterQueue,
  isParkedSagaQueue,
  PARKED_SAGA_REDRIVE_REFUSAL,
  parkedNoteOf,
} from './parked-saga-notes.js';
import { poisonReport } from './poison-messages.js';
import { publishPoison } from './publish-poison.js';

export type DeadLettersIo = Readonly<{
  /** RABBITMQ_URL, RABBITMQ_MANAGEMENT_URL and NODE_ENV are read from here. */
  env: Readonly<Record<string, string | undefined>>;
  print: (line: string) => void;
  printError: (line: string) => void;
  clock?: () => Date;
  /** The ids of a poison message and its made-up order and payment. */
  newId?: () => string;
}>;

const DEFAULTS = {
  rabbitmqUrl: 'amqp://shop:shop_dev@127.0.0.1:5672',
  managementUrl: 'http://127.0.0.1:15672',
} as const;

/** Runs `dead-letters <args>`; resolves with the exit code (0, or 1 after printing why). */
export const runDeadLetters = async (
  args: readonly string[],
  io: DeadLettersIo,
): Promise<number> => {
  let command: DeadLetterCommand;
  try {
    command = parseDeadLetterArguments(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.printError(`dead-letters: ${error.message}`);
    if (error.withUsage) io.printError(USAGE);
    return 1;
  }
  // PATTERN_SHOP_PARSE_ONLY=1: print the parsed command and stop, so a test can hold the docs' commands to this parser.
  if (io.env['PATTERN_SHOP_PARSE_ONLY'] === '1') return (io.print(JSON.stringify(command)), 0);
  try {
    await execute(command, io);
    return 0;
  } catch (error) {
    io.printError(`dead-letters: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
};

const execute = async (command: DeadLetterCommand, io: DeadLettersIo): Promise<void> => {
  const rabbitmqUrl = io.env['RABBITMQ_URL'] ?? DEFAULTS.rabbitmqUrl;
  const now = io.clock ?? (() => new Date());
  const newId = io.newId ?? randomUUID;
  if (command.kind === 'help') return io.print(USAGE);
  if (command.kind === 'list-queues') {
    const amqp = new URL(rabbitmqUrl);
    const api = {
      url: io.env['RABBITMQ_MANAGEMENT_URL'] ?? DEFAULTS.managementUrl,
      user: decodeURIComponent(amqp.username) || 'guest',
      password: decodeURIComponent(amqp.password) || 'guest',
    };
    const vhost = decodeURIComponent(amqp.pathname.slice(1)) || '/';
    return formatQueueDepths(await listDeadLetterQueues(api, vhost, isLetterQueue)).forEach(
      io.print,
    );
  }
  if (command.kind === 'poison' && io.env['NODE_ENV'] === 'production') {
    throw new Error('poison refuses to run with NODE_ENV=production: it makes a dead letter');
  }
  const redrive = command.kind === 'redrive' || command.kind === 'redrive-all';
  if (redrive && isParkedSagaQueue(command.queue)) throw new Error(PARKED_SAGA_REDRIVE_REFUSAL);
  const model = await connectToRabbit(rabbitmqUrl);
  model.on('error', () => undefined); // failures surface as rejected calls below
  try {
    if (command.kind === 'poison') {
      const ids = { messageId: newId(), orderId: newId(), paymentId: newId() };
      const envelope = await publishPoison(model, command.queue, ids, now());
      return poisonReport(command.queue, envelope).forEach(io.print);
    }
    const browser = await DeadLetterBrowser.open(model, command.queue);
    try {
      await onLetters(browser, command, io);
    } finally {
      await browser.release();
    }
  } finally {
    await model.close().catch(() => undefined);
  }
};

const onLetters = async (
  browser: DeadLetterBrowser,
  command: Exclude<DeadLetterCommand, { kind: 'help' | 'list-queues' | 'poison' }>,
  io: DeadLettersIo,
): Promise<void> => {
  const now = (io.clock ?? (() => new Date()))();
  const parked = isParkedSagaQueue(command.queue);
  switch (command.kind) {
    case 'list-messages':
      if (browser.letters.length === 0) return io.print(`nothing in '${browser.letterQueue}'`);
      return (parked ? formatParkedTable : formatDeadLetterTable)(browser.letters).forEach(
        io.print,
      );
    case 'show': {
      const letter = browser.find(command.messageId);
      return (parked ? formatParkedDetail : formatDeadLetterDetail)(letter).forEach(io.print);
    }
    case 'discard':
    case 'discard-all': {
      const letters =
        command.kind === 'discard' ? [browser.find(command.messageId)] : browser.letters;
      await browser.discard(letters);
      for (const letter of letters) io.print(`discarded ${describe(letter, parked)}`);
      return io.print(`${letters.length} letter(s) discarded from '${browser.letterQueue}'`);
    }
    case 'redrive':
    case 'redrive-all': {
      const letters =
        command.kind === 'redrive' ? [browser.find(command.messageId)] : browser.letters;
      const moved = await browser.redrive(letters, now);
      for (const [letter, target] of moved) {
        io.print(`redriven ${letter.messageId ?? `#${letter.index}`} -> ${target}`);
      }
      return io.print(`${moved.size} dead letter(s) redriven from '${browser.letterQueue}'`);
    }
  }
};

/** One line about a removed letter: what it was and why it was there. */
const describe = (letter: DeadLetter, parked: boolean): string => {
  const id = letter.messageId ?? `#${letter.index}`;
  if (parked) {
    const note = parkedNoteOf(letter);
    return `${id}: parked saga of order ${note.orderId} (${note.step}: ${oneLine(note.reason)})`;
  }
  const reason = letter.headers['x-error-reason'];
  const why = reason === undefined ? '' : `: ${oneLine(String(reason))}`;
  return `${id}: ${letter.type ?? 'untyped'}${why}`;
};
