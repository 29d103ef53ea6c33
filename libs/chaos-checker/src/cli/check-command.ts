import { readFile } from 'node:fs/promises';
import { brokenInvariants, checkInvariants } from '../invariants/check-invariants.js';
import type { ClientRequest } from '../invariants/snapshot.js';
import { readSnapshot } from '../readers/read-snapshot.js';
import { appsNotAnswering, runReconciliationJob } from '../readers/stack-access.js';
import type { SystemAddresses } from '../readers/system-addresses.js';
import { formatVerdictTable } from '../report/verdict-table.js';
import { CHECK_USAGE, type CheckArguments, parseCheckArguments } from './check-arguments.js';

export type CommandIo = Readonly<{
  print: (line: string) => void;
  printError: (line: string) => void;
  now: () => Date;
  addresses: SystemAddresses;
}>;

/** Exit codes: 0 every invariant holds, 1 one is broken, 2 the check could not run, 64 usage. */
export const runCheck = async (args: readonly string[], io: CommandIo): Promise<number> => {
  if (args.includes('--help')) {
    CHECK_USAGE.forEach(io.print);
    return 0;
  }
  let parsed: CheckArguments;
  try {
    parsed = parseCheckArguments(args, io.now());
  } catch (error) {
    io.printError((error as Error).message);
    CHECK_USAGE.forEach(io.printError);
    return 64;
  }
  // PATTERN_SHOP_PARSE_ONLY=1: print the parsed command and stop, so a test can hold the docs' commands to the parser.
  if (process.env['PATTERN_SHOP_PARSE_ONLY'] === '1') return (io.print(JSON.stringify(parsed)), 0);
  const missing = await appsNotAnswering(io.addresses);
  if (missing.length > 0) {
    io.printError(`the stack is not up; not answering: ${missing.join(', ')}`);
    io.printError('start it with ./bin/run (infra/local/status shows what runs)');
    return 2;
  }
  try {
    if (parsed.reconcile) {
      io.printError(`running the reconciliation over [${parsed.from}, ${parsed.to})...`);
      const job = await runReconciliationJob(parsed.from, parsed.to);
      if (job.code !== 0) io.printError(`the reconciliation job exited ${job.code}: ${job.stderr}`);
    }
    const client =
      parsed.clientFile === undefined
        ? undefined
        : (JSON.parse(await readFile(parsed.clientFile, 'utf8')) as ClientRequest[]);
    const scope = { from: parsed.from, to: parsed.to, customerIds: parsed.customerIds };
    const snapshot = await readSnapshot(io.addresses, { scope, client, now: io.now() });
    const policy =
      parsed.finalWithinMs === undefined ? {} : { finalWithinMs: parsed.finalWithinMs };
    const verdicts = checkInvariants(snapshot, policy);
    io.print(`orders created in [${parsed.from}, ${parsed.to}): ${snapshot.orders.length}`);
    if (parsed.json) io.print(JSON.stringify(verdicts, null, 2));
    else formatVerdictTable(verdicts).forEach(io.print);
    return brokenInvariants(verdicts).length > 0 ? 1 : 0;
  } catch (error) {
    io.printError(`the check could not read the system: ${(error as Error).message}`);
    return 2;
  }
};
