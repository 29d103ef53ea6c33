import {
  parseDeadLetterArguments,
  USAGE,
  UsageError,
  type DeadLetterCommand,
} from './dead-letter-arguments.js';
import { connectToRabbit, DeadLetterBrowser } from './dead-letter-browser.js';
import {
  formatDeadLetterDetail,
  formatDeadLetterTable,
  formatQueueDepths,
} from './dead-letter-format.js';
import { listDeadLetterQueues } from './dead-letter-queues.js';

export type DeadLettersIo = Readonly<{
  /** RABBITMQ_URL and RABBITMQ_MANAGEMENT_URL are read from here. */
  env: Readonly<Record<string, string | undefined>>;
  print: (line: string) => void;
  printError: (line: string) => void;
  clock?: () => Date;
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
    io.printError(USAGE);
    return 1;
  }
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
  if (command.kind === 'help') return io.print(USAGE);
  if (command.kind === 'list-queues') {
    const amqp = new URL(rabbitmqUrl);
    const api = {
      url: io.env['RABBITMQ_MANAGEMENT_URL'] ?? DEFAULTS.managementUrl,
      user: decodeURIComponent(amqp.username) || 'guest',
      password: decodeURIComponent(amqp.password) || 'guest',
    };
    const vhost = decodeURIComponent(amqp.pathname.slice(1)) || '/';
    return formatQueueDepths(await listDeadLetterQueues(api, vhost)).forEach(io.print);
  }
  const model = await connectToRabbit(rabbitmqUrl);
  model.on('error', () => undefined); // failures surface as rejected calls below
  try {
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
  command: Exclude<DeadLetterCommand, { kind: 'help' | 'list-queues' }>,
  io: DeadLettersIo,
): Promise<void> => {
  const now = (io.clock ?? (() => new Date()))();
  switch (command.kind) {
    case 'list-messages':
      if (browser.letters.length === 0) return io.print(`no dead letters for '${command.queue}'`);
      return formatDeadLetterTable(browser.letters).forEach(io.print);
    case 'show':
      return formatDeadLetterDetail(browser.find(command.messageId)).forEach(io.print);
    case 'redrive':
    case 'redrive-all': {
      const letters =
        command.kind === 'redrive' ? [browser.find(command.messageId)] : browser.letters;
      const moved = await browser.redrive(letters, now);
      for (const [letter, target] of moved) {
        io.print(`redriven ${letter.messageId ?? `#${letter.index}`} -> ${target}`);
      }
      return io.print(`${moved.size} dead letter(s) redriven from '${command.queue}.dlq'`);
    }
  }
};
