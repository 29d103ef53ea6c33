import { describe, expect, it } from '@jest/globals';
import { localAddresses } from '../readers/system-addresses.js';
import { type CommandIo, runCheck } from './check-command.js';

/** `chaos check`'s answers before it reads anything: usage, and a stack that is not up. */
const run = async (args: readonly string[], apps: Partial<CommandIo['addresses']['apps']> = {}) => {
  const out: string[] = [];
  const err: string[] = [];
  const local = localAddresses();
  const code = await runCheck(args, {
    print: (line) => out.push(line),
    printError: (line) => err.push(line),
    now: () => new Date('2026-12-03T11:00:00Z'),
    addresses: { ...local, apps: { ...local.apps, ...apps } },
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
};

describe('chaos check: usage and a stack that is not up', () => {
  it('given --help, then its options and exit 0', async () => {
    const { code, out } = await run(['--help']);

    expect(code).toBe(0);
    expect(out).toContain('--reconcile');
  });

  it('given an unknown option, then the reason, the usage and exit 64', async () => {
    const { code, err } = await run(['--colour']);

    expect(code).toBe(64);
    expect(err).toMatch(/Unknown option '--colour'[\s\S]*npm run chaos -- check/);
  });

  it('given apps that do not answer, then exit 2 naming each, and nothing is read', async () => {
    // Port 9 (discard) has no listener here: the connection is refused at once.
    const { code, err, out } = await run([], {
      orders: 'http://127.0.0.1:9',
      provider: 'http://127.0.0.1:9',
    });

    expect(code).toBe(2);
    expect(err).toContain('the stack is not up; not answering: orders (http://127.0.0.1:9');
    expect(err).toContain('provider (http://127.0.0.1:9');
    expect(out).toBe('');
  });
});
