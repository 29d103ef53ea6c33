/**
 * The services whose database holds an outbox or an inbox, with the local development database
 * and role infra/db/init.sql creates for each (a DATABASE_URL in the environment overrides it).
 */
export const MAINTAINED_SERVICES = {
  'order-service': { database: 'orders', role: 'order_service', outbox: true },
  'inventory-service': { database: 'inventory', role: 'inventory_service', outbox: true },
  'payment-service': { database: 'payments', role: 'payment_service', outbox: true },
  'email-service': { database: 'email', role: 'email_service', outbox: false },
} as const;
export type MaintainedService = keyof typeof MAINTAINED_SERVICES;

/** The relay's default (OutboxRelay `maxAttempts`); no app overrides it. */
export const DEFAULT_OUTBOX_MAX_ATTEMPTS = 20;

export const OUTBOX_USAGE = [
  'usage: npm run outbox -- retry-parked <service> [--ids <id,id,...>] [--max-attempts <n>]',
  `  <service>: ${outboxServices().join(', ')}`,
  '  gives outbox rows that used up their attempts (default 20) a new set; the relay resumes them in order',
].join('\n');

export const INBOX_USAGE = [
  'usage: npm run inbox -- prune <service> --older-than <n>d|<n>h',
  `  <service>: ${Object.keys(MAINTAINED_SERVICES).join(', ')}`,
  '  deletes processed_messages rows older than that; keep them longer than any redrive may come (e.g. 14d)',
].join('\n');

export type OutboxCommand = Readonly<{
  command: 'retry-parked';
  service: MaintainedService;
  ids: readonly string[] | undefined;
  maxAttempts: number;
}>;
export type InboxCommand = Readonly<{
  command: 'prune';
  service: MaintainedService;
  olderThanDays: number;
}>;
export type Refused = Readonly<{ error: string }>;

function outboxServices(): string[] {
  return Object.entries(MAINTAINED_SERVICES)
    .filter(([, service]) => service.outbox)
    .map(([name]) => name);
}

const option = (args: readonly string[], name: string): string | undefined | Refused => {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = args[at + 1];
  return value === undefined || value.startsWith('--') ? { error: `${name} needs a value` } : value;
};

const unknownOptions = (args: readonly string[], known: readonly string[]): Refused | undefined => {
  const unknown = args.filter((arg) => arg.startsWith('--') && !known.includes(arg));
  return unknown.length > 0 ? { error: `unknown option ${unknown.join(', ')}` } : undefined;
};

const isRefused = (value: unknown): value is Refused =>
  typeof value === 'object' && value !== null && 'error' in value;

export const parseOutboxArguments = (args: readonly string[]): OutboxCommand | Refused => {
  const [command, service, ...rest] = args;
  if (command !== 'retry-parked') return { error: `unknown command ${command ?? '(none)'}` };
  if (service === undefined || !outboxServices().includes(service))
    return {
      error: `no outbox in ${service ?? '(no service)'}; one of ${outboxServices().join(', ')}`,
    };
  const unknown = unknownOptions(rest, ['--ids', '--max-attempts']);
  if (unknown !== undefined) return unknown;
  const ids = option(rest, '--ids');
  if (isRefused(ids)) return ids;
  const idList = ids?.split(',');
  if (idList !== undefined && !idList.every((id) => /^[1-9]\d{0,17}$/.test(id)))
    return {
      error: `--ids takes outbox row ids (positive integers, comma-separated), not "${ids}"`,
    };
  const max = option(rest, '--max-attempts');
  if (isRefused(max)) return max;
  const maxAttempts = max === undefined ? DEFAULT_OUTBOX_MAX_ATTEMPTS : Number(max);
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1)
    return { error: `--max-attempts takes a positive integer, not "${max}"` };
  return { command, service: service as MaintainedService, ids: idList, maxAttempts };
};

export const parseInboxArguments = (args: readonly string[]): InboxCommand | Refused => {
  const [command, service, ...rest] = args;
  if (command !== 'prune') return { error: `unknown command ${command ?? '(none)'}` };
  if (service === undefined || !(service in MAINTAINED_SERVICES))
    return {
      error: `no inbox in ${service ?? '(no service)'}; one of ${Object.keys(MAINTAINED_SERVICES).join(', ')}`,
    };
  const unknown = unknownOptions(rest, ['--older-than']);
  if (unknown !== undefined) return unknown;
  const age = option(rest, '--older-than');
  if (isRefused(age)) return age;
  if (age === undefined) return { error: '--older-than is required, e.g. --older-than 14d' };
  const match = /^([1-9]\d{0,4})(d|h)$/.exec(age);
  if (match === null)
    return { error: `--older-than takes a whole number of days or hours (14d, 36h), not "${age}"` };
  const olderThanDays = Number(match[1]) / (match[2] === 'h' ? 24 : 1);
  return { command, service: service as MaintainedService, olderThanDays };
};

export { isRefused };
