import { CHECKOUT_SAGA_STATUSES, SERVICE_NAMES, type ServiceName } from '@pattern-shop/contracts';

// Parsing only, so every refusal is unit-tested without a stack.

export type LabCommand =
  | Readonly<{ command: 'list' }>
  | Readonly<{ command: 'reset' }>
  | Readonly<{ command: 'check'; lab: number }>
  | Readonly<{ command: 'load'; rate: number; seconds: number }>
  | Readonly<{ command: 'redeliver'; orderId: string; copies: number }>
  | Readonly<{ command: 'saga'; orderId: string; until: string | undefined; seconds: number }>
  | Readonly<{ command: 'letter'; queue: string; messageId: string; seconds: number }>
  | Readonly<{ command: 'trail'; orderId: string }>
  | Readonly<{ command: 'drift'; customerId: string }>
  | Readonly<{ command: 'wait-exit'; app: ServiceName; seconds: number }>
  | Readonly<{ command: 'projection'; orderId: string; seconds: number }>
  | Readonly<{ command: 'watch'; orders: number }>
  | Readonly<{ command: 'storm'; clients: number }>
  | Readonly<{ command: 'pages'; check: boolean }>
  | Readonly<{ command: 'help' }>;

export const USAGE = [
  'usage: npm run lab -- <command>',
  '  list                          the labs, in workshop order',
  '  reset                         every app back to its defaults, no fault left, lab stock refilled',
  "  check <n>                     grade lab n from the system's own state: PASS or FAIL, with why",
  '  load [--rate N] [--seconds S] place N orders a second (default 5) for S seconds (default 10)',
  "  redeliver <orderId> [--copies N]  deliver the order's OrderConfirmed fact again (default once)",
  '  saga <orderId> [--until STATUS] [--seconds S]  print its steps as they happen, until STATUS',
  '                                (default CONFIRMED or CANCELLED) or S seconds (default 90)',
  '  letter <queue> <messageId> [--seconds S]  wait until it is dead-lettered, after its retries',
  "  trail <orderId>               where the order's OrderPlaced went: outbox rows, analytics",
  '  drift <customerId>            publish OrderConfirmed v2 (a version no subscriber knows) on',
  '                                shop.events for a new order; prints its message id',
  '  projection <orderId> [--seconds S]  wait until analytics has the order placed; print its facts',
  '  wait-exit <app> [--seconds S]  wait until the app ends on its own (at most S s, default 60)',
  '  watch [--orders N]            lab 6: N pages (default 3) follow new orders through a hop that goes silent',
  '  storm [--clients N]           lab 6: N pages with jitter, N without (default 50), through a gateway restart',
  '  pages [--check]               write docs/labs/ from the labs; --check: exit 1 if one is stale',
  'Needs ./bin/run running (except list and pages).',
].join('\n');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const CUSTOMER_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export class LabArgumentError extends Error {}

const positiveInt = (flag: string, value: string | undefined, max: number): number => {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < 1 || n > max)
    throw new LabArgumentError(
      `${flag} takes a whole number from 1 to ${max}, not ${value ?? 'nothing'}`,
    );
  return n;
};

const flags = (
  args: readonly string[],
  allowed: Record<string, number>,
): Record<string, number> => {
  const found: Record<string, number> = {};
  for (let i = 0; i < args.length; i += 2) {
    const flag = args[i] ?? '';
    const max = allowed[flag];
    if (max === undefined)
      throw new LabArgumentError(
        `unknown option ${flag}; expected ${Object.keys(allowed).join(', ') || 'none'}`,
      );
    found[flag] = positiveInt(flag, args[i + 1], max);
  }
  return found;
};

export const parseLabArguments = (
  args: readonly string[],
  labNumbers: readonly number[],
): LabCommand => {
  const [name, ...rest] = args;
  switch (name) {
    case undefined:
    case 'help':
    case '--help':
      return { command: 'help' };
    case 'list':
    case 'reset':
      if (rest.length > 0) throw new LabArgumentError(`${name} takes no arguments`);
      return { command: name };
    case 'check': {
      const n = Number(rest[0]);
      if (rest.length !== 1 || !labNumbers.includes(n))
        throw new LabArgumentError(
          `check takes one lab number: ${labNumbers.join(', ')} (npm run lab -- list)`,
        );
      return { command: 'check', lab: n };
    }
    case 'load': {
      const found = flags(rest, { '--rate': 50, '--seconds': 300 });
      return { command: 'load', rate: found['--rate'] ?? 5, seconds: found['--seconds'] ?? 10 };
    }
    case 'redeliver': {
      const [orderId, ...more] = rest;
      if (orderId === undefined || !UUID.test(orderId))
        throw new LabArgumentError(
          `redeliver takes an order id (a UUID), not ${orderId === undefined || orderId === '' ? 'nothing' : orderId}`,
        );
      const found = flags(more, { '--copies': 10 });
      return { command: 'redeliver', orderId, copies: found['--copies'] ?? 1 };
    }
    case 'saga': {
      const [orderId, ...more] = rest;
      if (orderId === undefined || !UUID.test(orderId))
        throw new LabArgumentError(
          `saga takes an order id (a UUID), not ${orderId === undefined || orderId === '' ? 'nothing' : orderId}`,
        );
      const untilAt = more.indexOf('--until');
      const until = untilAt === -1 ? undefined : more[untilAt + 1];
      if (
        untilAt !== -1 &&
        (until === undefined || !(CHECKOUT_SAGA_STATUSES as readonly string[]).includes(until))
      )
        throw new LabArgumentError(`--until takes one of ${CHECKOUT_SAGA_STATUSES.join(', ')}`);
      const others =
        untilAt === -1 ? more : [...more.slice(0, untilAt), ...more.slice(untilAt + 2)];
      const found = flags(others, { '--seconds': 600 });
      return { command: 'saga', orderId, until, seconds: found['--seconds'] ?? 90 };
    }
    case 'letter': {
      const [queue, messageId, ...more] = rest;
      if (queue === undefined || !/^[a-z][a-z0-9.-]*$/.test(queue))
        throw new LabArgumentError(
          `letter takes a queue name, e.g. payment.commands, not ${queue ?? 'nothing'}`,
        );
      if (messageId === undefined || messageId === '')
        throw new LabArgumentError('letter takes the message id after the queue, not nothing');
      const found = flags(more, { '--seconds': 600 });
      return { command: 'letter', queue, messageId, seconds: found['--seconds'] ?? 60 };
    }
    case 'trail': {
      const [orderId, ...more] = rest;
      if (orderId === undefined || !UUID.test(orderId))
        throw new LabArgumentError(
          `trail takes an order id (a UUID), not ${orderId === undefined || orderId === '' ? 'nothing' : orderId}`,
        );
      if (more.length > 0)
        throw new LabArgumentError(`trail takes only the order id, not ${more.join(' ')}`);
      return { command: 'trail', orderId };
    }
    case 'drift': {
      const [customerId, ...more] = rest;
      if (customerId === undefined || !CUSTOMER_ID.test(customerId) || more.length > 0)
        throw new LabArgumentError(
          `drift takes one customer id (letters, digits, - and _), e.g. lab3-$RANDOM, not ${[customerId, ...more].join(' ') || 'nothing'}`,
        );
      return { command: 'drift', customerId };
    }
    case 'projection': {
      const [orderId, ...more] = rest;
      if (orderId === undefined || !UUID.test(orderId))
        throw new LabArgumentError(
          `projection takes an order id (a UUID), not ${orderId === undefined || orderId === '' ? 'nothing' : orderId}`,
        );
      const found = flags(more, { '--seconds': 600 });
      return { command: 'projection', orderId, seconds: found['--seconds'] ?? 30 };
    }
    case 'wait-exit': {
      const [app, ...more] = rest;
      const apps: readonly string[] = SERVICE_NAMES;
      if (app === undefined || !apps.includes(app))
        throw new LabArgumentError(
          `wait-exit takes an app: ${apps.join(', ')}; not ${app === undefined || app === '' ? 'nothing' : app}`,
        );
      const found = flags(more, { '--seconds': 600 });
      return { command: 'wait-exit', app: app as ServiceName, seconds: found['--seconds'] ?? 60 };
    }
    case 'watch': {
      const found = flags(rest, { '--orders': 10 });
      return { command: 'watch', orders: found['--orders'] ?? 3 };
    }
    case 'storm': {
      const found = flags(rest, { '--clients': 200 });
      return { command: 'storm', clients: found['--clients'] ?? 50 };
    }
    case 'pages':
      if (rest.length > 1 || (rest.length === 1 && rest[0] !== '--check'))
        throw new LabArgumentError('pages takes only --check');
      return { command: 'pages', check: rest[0] === '--check' };
    default:
      throw new LabArgumentError(`unknown command ${name}`);
  }
};
