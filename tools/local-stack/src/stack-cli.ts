// `npm run stack -- <command>`: stop, start, freeze, thaw or restart one app of a running
// ./bin/run, or show them all (docs/stack-control.md). Exit codes: 0 done, 1 the command failed
// (e.g. the app exited while starting), 2 bad arguments or unknown app, 3 no ./bin/run answers.
import { sendStackCommand, StackControlError } from '@pattern-shop/testing';
import { parseStackArgs, StackUsageError, USAGE } from './stack-cli-args.js';
import { progressOf, statusTable } from './stack-cli-output.js';

const EXIT = { done: 0, failed: 1, usage: 2, noStack: 3 } as const;

const run = async (argv: readonly string[]): Promise<number> => {
  let command;
  try {
    command = parseStackArgs(argv);
  } catch (error) {
    if (!(error instanceof StackUsageError)) throw error;
    console.error(`error: ${error.message}${error.showUsage ? `\n\n${USAGE}` : ''}`);
    return EXIT.usage;
  }
  // PATTERN_SHOP_PARSE_ONLY=1: print the parsed command and stop, so a test can hold the docs' commands to this parser.
  if (process.env['PATTERN_SHOP_PARSE_ONLY'] === '1')
    return (console.log(JSON.stringify(command)), EXIT.done);
  if (command === 'help') {
    console.log(USAGE);
    return EXIT.done;
  }
  const began = performance.now();
  try {
    if (command.action === 'status') {
      console.log(statusTable(await sendStackCommand(command)));
      return EXIT.done;
    }
    process.stdout.write(progressOf(command));
    const answer = await sendStackCommand(command);
    process.stdout.write(`${answer.message}\n`);
    return EXIT.done;
  } catch (error) {
    if (command.action !== 'status') process.stdout.write('\n');
    if (!(error instanceof StackControlError)) throw error;
    console.error(`error: ${error.message}`);
    if (error.reason === 'no-stack' || error.reason === 'no-answer') return EXIT.noStack;
    if (error.reason === 'unknown-app' || error.reason === 'bad-command') return EXIT.usage;
    if (error.reason === 'conflict') return EXIT.failed;
    console.error(
      `(after ${((performance.now() - began) / 1000).toFixed(1)} s; npm run stack -- status shows where it stands)`,
    );
    return EXIT.failed;
  }
};

process.exitCode = await run(process.argv.slice(2));
