import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '@pattern-shop/testing';

const run = promisify(execFile);

/** infra/local's Toxiproxy install step alone, in a state dir of its own, with the given Go. */
const install = async (go: string) => {
  const stateDir = mkdtempSync(join(tmpdir(), 'toxiproxy-install-'));
  const script = `. infra/local/lib/common.sh; load_server_modules; ensure_state_dirs; toxiproxy_install`;
  const outcome = await run('bash', ['-c', script], {
    cwd: repoRoot(),
    env: { PATH: process.env['PATH'], PATTERN_SHOP_STATE_DIR: stateDir, PATTERN_SHOP_GO: go },
  }).then(
    () => ({ failed: false, stderr: '' }),
    (error: { stderr?: string }) => ({ failed: true, stderr: error.stderr ?? '' }),
  );
  return { ...outcome, built: existsSync(join(stateDir, 'toxiproxy/bin/toxiproxy-server')) };
};

describe('infra/local: building Toxiproxy needs a recent enough Go', () => {
  it('given no Go where it is looked for, then the install stops saying what it needs, and builds nothing', async () => {
    const outcome = await install('/nonexistent/go');

    expect(outcome).toMatchObject({ failed: true, built: false });
    expect(outcome.stderr).toContain('needs Go 1.23 or newer on PATH');
  });

  it('given a Go older than 1.23, then the install stops naming the version it found, and builds nothing', async () => {
    const oldGo = join(mkdtempSync(join(tmpdir(), 'old-go-')), 'go');
    writeFileSync(oldGo, '#!/bin/sh\necho go1.19.8\n');
    chmodSync(oldGo, 0o755);

    const outcome = await install(oldGo);

    expect(outcome).toMatchObject({ failed: true, built: false });
    expect(outcome.stderr).toContain('needs Go 1.23 or newer, found go1.19.8');
  });
});
