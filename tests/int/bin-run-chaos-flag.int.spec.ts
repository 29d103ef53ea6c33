import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '@pattern-shop/testing';

const run = promisify(execFile);

describe('bin/run: the CHAOS switch', () => {
  it('given CHAOS=yes, then bin/run stops at once naming the values it takes, before installing or starting anything', async () => {
    const started = performance.now();
    const failure = await run(join(repoRoot(), 'bin', 'run'), [], {
      env: { PATH: process.env['PATH'], CHAOS: 'yes' },
      timeout: 10_000,
    }).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );

    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('CHAOS must be 1 (chaos mode) or 0 (normal mode), not "yes"');
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
