import { describe, expect, it } from '@jest/globals';
import { fillPlaceholders } from './parse-only.js';
import { extractNpmRunCommands } from './quoted-commands.js';

const PAGE = [
  'Run `npm run stack -- status` first, then `npm run lint`.', // 1
  '```sh', // 2
  'ORDER=$(npm run -s lab -- drift "$(echo "$CUSTOMER")")', // 3
  'npm run analytics:job -- reconciliation --from "$(date -u -d \'3 days ago\' +%F)" \\', // 4
  '  --to "$(date -u +%F)"   # a backfill', // 5
  'npm run dead-letters -- list | head; npm run outbox -- retry-parked <service> && echo done', // 6
  '```', // 7
  '```', // 8
  '$ npm run stack -- stop   # refused: which app?', // 9
  'error: stop takes one app (npm run stack -- status shows it)', // 10
  '```', // 11
].join('\n');

describe('extractNpmRunCommands', () => {
  it('given code spans, a fenced block and a transcript, when extracted, then each command ends where the shell ends it', () => {
    const commands = extractNpmRunCommands('page.md', PAGE);

    expect(
      commands.map(({ line, script, args, refused }) => ({ line, script, args, refused })),
    ).toEqual([
      { line: 1, script: 'stack', args: 'status', refused: false },
      { line: 1, script: 'lint', args: undefined, refused: false },
      { line: 3, script: 'lab', args: 'drift "$(echo "$CUSTOMER")"', refused: false },
      {
        line: 4,
        script: 'analytics:job',
        args: 'reconciliation --from "$(date -u -d \'3 days ago\' +%F)" --to "$(date -u +%F)"',
        refused: false,
      },
      { line: 6, script: 'dead-letters', args: 'list', refused: false },
      { line: 6, script: 'outbox', args: 'retry-parked <service>', refused: false },
      { line: 9, script: 'stack', args: 'stop', refused: true },
    ]);
  });

  it('given prose outside code, when extracted, then it is not a command', () => {
    expect(extractNpmRunCommands('page.md', 'Use npm run stack -- halt to stop.')).toEqual([]);
  });
});

describe('fillPlaceholders', () => {
  it('given known placeholders and an optional part, when filled, then each has a sample value and the part is kept', () => {
    expect(fillPlaceholders('restart <app> [--weak <switch>] [--set K=V ...]')).toBe(
      'restart order-service --weak no-breaker --set K=V',
    );
  });

  it('given a placeholder with no sample value, when filled, then the error names it', () => {
    expect(() => fillPlaceholders('reconciliation --to <now>')).toThrow(
      'unknown placeholder <now>: add a sample value to PLACEHOLDERS',
    );
  });
});
