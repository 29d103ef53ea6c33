#!/usr/bin/env node
// The chaos lab's command: `npm run chaos -- <command>`. Each command is one entry of COMMANDS,
// so the scenario runner (`list`, `run`) is added beside `check` without touching it.
import { localAddresses } from '../readers/system-addresses.js';
import { type CommandIo, runCheck } from './check-command.js';
import { runList, runRun } from './lab-commands.js';

type Command = Readonly<{
  summary: string;
  run: (args: readonly string[], io: CommandIo) => Promise<number>;
}>;

const COMMANDS: Readonly<Record<string, Command>> = {
  check: {
    summary: 'hold the running stack to the invariants; exit 1 when one is broken',
    run: runCheck,
  },
  list: { summary: 'the scenario catalogue: pattern and the failure each one shows', run: runList },
  run: {
    summary:
      'run scenarios under load (<scenario...> or --all); exit 1 when one breaks an invariant',
    run: runRun,
  },
};

const usage = (print: (line: string) => void) => {
  print('usage: npm run chaos -- <command> [options]   (<command> --help for its options)');
  for (const [name, command] of Object.entries(COMMANDS)) {
    print(`  ${name.padEnd(8)} ${command.summary}`);
  }
};

const io: CommandIo = {
  print: (line) => console.log(line),
  printError: (line) => console.error(line),
  now: () => new Date(),
  addresses: localAddresses(),
};

const [name, ...args] = process.argv.slice(2);
const command = name === undefined ? undefined : COMMANDS[name];
if (command === undefined) {
  if (name !== undefined && name !== '--help' && name !== 'help') {
    io.printError(`unknown command '${name}'`);
  }
  usage(name === undefined || !['--help', 'help'].includes(name) ? io.printError : io.print);
  process.exitCode = name === '--help' || name === 'help' ? 0 : 64;
} else {
  process.exitCode = await command.run(args, io);
}
