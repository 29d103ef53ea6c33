import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@pattern-shop/testing';
import { docPages } from './support/doc-pages.js';
import { parseOnly, type Verdict } from './support/parse-only.js';
import { extractNpmRunCommands, type QuotedCommand } from './support/quoted-commands.js';

const root = repoRoot();
const scripts = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;

// The same command quoted twice (`-s` or not) is run once; its first quotation names it in a failure.
const quotedCommands = (): QuotedCommand[] => {
  const seen = new Map<string, QuotedCommand>();
  for (const file of docPages(root))
    for (const command of extractNpmRunCommands(file, readFileSync(join(root, file), 'utf8')))
      if (!command.script.includes('*')) {
        const key = `${command.script} ${command.args ?? ''} ${command.refused}`;
        if (!seen.has(key)) seen.set(key, command);
      }
  return [...seen.values()];
};

// Four at a time: each is a node process, and a few dozen of them in a row would be slow.
const inBatches = async <T, R>(items: readonly T[], work: (item: T) => Promise<R>) => {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += 4)
    results.push(...(await Promise.all(items.slice(i, i + 4).map(work))));
  return results;
};

const failures = (commands: readonly QuotedCommand[], verdicts: readonly Verdict[]) =>
  commands.flatMap((command, i) => {
    const verdict = verdicts[i];
    return verdict === undefined || verdict.ok
      ? []
      : [`${command.file}:${command.line}: ${command.text}\n    ${verdict.reason}`];
  });

const quoted = (markdown: string): QuotedCommand => {
  const [command] = extractNpmRunCommands('sample.md', markdown);
  if (command === undefined) throw new Error(`no npm run command in ${markdown}`);
  return command;
};

describe('the npm run commands the docs quote', () => {
  // About a second of CPU per command (each CLI loads its libraries): a minute or more on 2 cores.
  it('given README.md and docs/**/*.md, when each quoted command is parsed by its CLI, then every script exists and every CLI accepts its arguments', async () => {
    const commands = quotedCommands();
    const verdicts = await inBatches(commands, (c) => parseOnly(c, scripts, root));

    expect(commands.length).toBeGreaterThan(50);
    expect(failures(commands, verdicts)).toEqual([]);
  }, 300_000);

  it('given a subcommand the stack CLI does not have, when parsed the same way, then it is refused with the CLI reason', async () => {
    const verdict = await parseOnly(quoted('`npm run stack -- halt order-service`'), scripts, root);

    expect(verdict).toEqual({ ok: false, reason: expect.stringContaining('halt') });
  });

  it('given a script package.json does not have, when checked, then it is refused naming the script', async () => {
    const verdict = await parseOnly(quoted('`npm run stack-control -- status`'), scripts, root);

    expect(verdict).toEqual({
      ok: false,
      reason: "package.json has no script 'stack-control'",
    });
  });
});
