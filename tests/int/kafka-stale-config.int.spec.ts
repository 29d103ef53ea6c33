import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '@pattern-shop/testing';

const run = promisify(execFile);

const kafkaModule = (stateDir: string, call: string) =>
  run('bash', ['-c', `. infra/local/lib/common.sh; load_server_modules; ${call}`], {
    cwd: repoRoot(),
    env: { PATH: process.env['PATH'], PATTERN_SHOP_STATE_DIR: stateDir },
  });

/**
 * What `up` says once the broker answers, when it was started from today's server.properties
 * changed by `startedFrom` (undefined: nothing rendered yet, a broker that never started).
 */
const provisionAfterStartFrom = async (startedFrom?: (props: string) => string) => {
  const stateDir = mkdtempSync(join(tmpdir(), 'kafka-config-'));
  mkdirSync(join(stateDir, 'kafka'));
  if (startedFrom) {
    const { stdout: today } = await kafkaModule(stateDir, 'kafka_wanted_props');
    writeFileSync(join(stateDir, 'kafka/server.properties'), startedFrom(today));
  }
  return (await kafkaModule(stateDir, 'kafka_warn_if_stale')).stdout;
};

describe('infra/local: a Kafka started from an older server.properties', () => {
  it('given a broker started before the chaos listeners existed, then up warns and says how to restart it', async () => {
    const said = await provisionAfterStartFrom((props) =>
      props.replace(/,CHAOS_[A-Z]+:\/\/[^,\n]+/g, ''),
    );

    expect(said).toContain('WARNING: running with an older server.properties');
    expect(said).toContain('infra/local/down kafka && infra/local/up kafka');
  });

  it('given a broker started from the current configuration, then up says nothing more', async () => {
    expect(await provisionAfterStartFrom((props) => props)).toBe('');
  });

  it('given no configuration rendered yet, then up says nothing more', async () => {
    expect(await provisionAfterStartFrom()).toBe('');
  });
});
