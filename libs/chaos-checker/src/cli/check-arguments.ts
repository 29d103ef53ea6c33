import { parseArgs } from 'node:util';

export type CheckArguments = Readonly<{
  from: string;
  to: string;
  customerIds: readonly string[] | undefined;
  /** A JSON file with the load generator's record (ClientRequest[]). */
  clientFile: string | undefined;
  /** Run the nightly reconciliation over the window first. */
  reconcile: boolean;
  finalWithinMs: number | undefined;
  json: boolean;
}>;

export const CHECK_USAGE = [
  'npm run chaos -- check [--from ISO] [--to ISO] [--customer ID ...] [--client FILE]',
  '                       [--reconcile] [--final-within-ms N] [--json]',
  '  --from, --to         the run window: orders created in [from, to); default the last hour',
  '  --customer           only these customers’ orders (repeat for more)',
  '  --client             the load generator’s record: [{customerId, key, attempts:[{status, orderId}]}]',
  '  --reconcile          run the nightly reconciliation over the window first',
  '  --final-within-ms    how soon an order must be final (default 60000)',
  '  --json               print the verdicts as JSON instead of a table',
];

const HOUR_MS = 60 * 60 * 1000;

const isoTime = (name: string, value: string): string => {
  const at = Date.parse(value);
  if (Number.isNaN(at)) throw new Error(`--${name} must be an ISO time, got '${value}'`);
  return new Date(at).toISOString();
};

/** Parses `check`'s arguments; `now` gives the default window. Throws a message for a person. */
export const parseCheckArguments = (args: readonly string[], now: Date): CheckArguments => {
  const { values } = parseArgs({
    args: [...args],
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      customer: { type: 'string', multiple: true },
      client: { type: 'string' },
      reconcile: { type: 'boolean', default: false },
      'final-within-ms': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const to = values.to === undefined ? now.toISOString() : isoTime('to', values.to);
  const from =
    values.from === undefined
      ? new Date(Date.parse(to) - HOUR_MS).toISOString()
      : isoTime('from', values.from);
  if (Date.parse(from) >= Date.parse(to)) throw new Error('--from must be before --to');
  if (Date.parse(to) - Date.parse(from) > 7 * 24 * HOUR_MS) {
    throw new Error('a window is at most 7 days (what the services’ reconciliation APIs serve)');
  }
  const bound = values['final-within-ms'];
  if (bound !== undefined && !/^[0-9]+$/.test(bound)) {
    throw new Error(`--final-within-ms must be a number of milliseconds, got '${bound}'`);
  }
  return {
    from,
    to,
    customerIds: values.customer,
    clientFile: values.client,
    reconcile: values.reconcile,
    finalWithinMs: bound === undefined ? undefined : Number(bound),
    json: values.json,
  };
};
