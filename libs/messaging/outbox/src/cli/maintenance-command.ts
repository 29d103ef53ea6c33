import type { DataSource } from 'typeorm';
import { pruneProcessedMessages } from '@pattern-shop/messaging-inbox';
import { retryParkedOutboxRows } from '../outbox-maintenance.js';
import {
  INBOX_USAGE,
  isRefused,
  MAINTAINED_SERVICES,
  type MaintainedService,
  OUTBOX_USAGE,
  parseInboxArguments,
  parseOutboxArguments,
} from './maintenance-arguments.js';

export type MaintenanceDeps = Readonly<{
  env: Readonly<Record<string, string | undefined>>;
  /** Opens the service's database; the command closes it when done. */
  openDatabase: (url: string, service: MaintainedService) => Promise<DataSource>;
  print: (line: string) => void;
  printError: (line: string) => void;
}>;

/** DATABASE_URL when set (a deployment), else the local development database of the service. */
export const databaseUrlOf = (service: MaintainedService, env: MaintenanceDeps['env']): string => {
  const { database, role } = MAINTAINED_SERVICES[service];
  return env['DATABASE_URL'] ?? `postgres://${role}:${role}_dev@127.0.0.1:5432/${database}`;
};

const withDatabase = async (
  service: MaintainedService,
  deps: MaintenanceDeps,
  work: (dataSource: DataSource) => Promise<void>,
): Promise<number> => {
  const dataSource = await deps.openDatabase(databaseUrlOf(service, deps.env), service);
  try {
    await work(dataSource);
    return 0;
  } finally {
    await dataSource.destroy();
  }
};

// PATTERN_SHOP_PARSE_ONLY=1: print the parsed command and stop, so a test can hold the docs' commands to the parser.
const parsedOnly = (parsed: object, deps: MaintenanceDeps): boolean => {
  if (deps.env['PATTERN_SHOP_PARSE_ONLY'] !== '1') return false;
  deps.print(JSON.stringify(parsed));
  return true;
};

/** `npm run outbox -- retry-parked <service>`: exit 0 done, 64 bad arguments (with the usage). */
export const runOutboxCommand = async (
  args: readonly string[],
  deps: MaintenanceDeps,
): Promise<number> => {
  const parsed = parseOutboxArguments(args);
  if (isRefused(parsed)) {
    deps.printError(`${parsed.error}\n${OUTBOX_USAGE}`);
    return 64;
  }
  if (parsedOnly(parsed, deps)) return 0;
  return withDatabase(parsed.service, deps, async (dataSource) => {
    const retried = await retryParkedOutboxRows(dataSource, parsed.maxAttempts, parsed.ids);
    deps.print(
      `${parsed.service}: ${retried} parked outbox row(s) given ${parsed.maxAttempts} new attempts` +
        (retried > 0 ? '; the relay publishes them in order at its next poll' : ''),
    );
  });
};

/** `npm run inbox -- prune <service> --older-than 14d`: exit 0 done, 64 bad arguments. */
export const runInboxCommand = async (
  args: readonly string[],
  deps: MaintenanceDeps,
): Promise<number> => {
  const parsed = parseInboxArguments(args);
  if (isRefused(parsed)) {
    deps.printError(`${parsed.error}\n${INBOX_USAGE}`);
    return 64;
  }
  if (parsedOnly(parsed, deps)) return 0;
  return withDatabase(parsed.service, deps, async (dataSource) => {
    const pruned = await pruneProcessedMessages(dataSource, parsed.olderThanDays);
    deps.print(
      `${parsed.service}: ${pruned} processed_messages row(s) older than ${parsed.olderThanDays} day(s) deleted`,
    );
  });
};
