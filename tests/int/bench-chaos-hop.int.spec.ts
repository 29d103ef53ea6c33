import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  chaosProxy,
  infra,
  populateChaosProxies,
  repoRoot,
  ToxiproxyClient,
} from '@pattern-shop/testing';

const run = promisify(execFile);
const toxiproxy = new ToxiproxyClient();
const hop = chaosProxy('order-service', 'postgres');

/** The built bench command; resolves with its exit code and output. */
const bench = (...args: string[]) =>
  run(
    process.execPath,
    [join(repoRoot(), 'libs/benchmarks/dist/cli/bench-chaos-hop.js'), ...args],
    {
      env: { PATH: process.env['PATH'] },
      timeout: 60_000,
    },
  ).then(
    ({ stdout }) => ({ code: 0, stdout, stderr: '' }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );

describe('bench-chaos-hop: what a proxy with no toxic costs', () => {
  beforeAll(async () => {
    await infra('up', 'postgres', 'toxiproxy');
    await populateChaosProxies(toxiproxy);
  }, 240_000);

  afterAll(() => toxiproxy.reset());

  it('given clean proxies, then it prints p50 and p99 direct and through the proxy, twice', async () => {
    const { code, stdout } = await bench('100');

    expect(code).toBe(0);
    expect(stdout.match(/direct 127\.0\.0\.1:5432 +p50 [\d.]+ ms {2}p99 [\d.]+ ms/g)).toHaveLength(
      2,
    );
    expect(
      stdout.match(new RegExp(`through 127\\.0\\.0\\.1:${hop.listenPort} \\(proxy\\) +p50`, 'g')),
    ).toHaveLength(2);
  }, 60_000);

  it('given a toxic on the proxy it measures, then it refuses to measure and touches no toxic', async () => {
    await toxiproxy.addToxic(hop.name, {
      name: 'slow',
      type: 'latency',
      attributes: { latency: 5 },
    });

    const { code, stderr } = await bench('100');
    expect(code).toBe(1);
    expect(stderr).toContain(`${hop.name} is disabled or has toxics`);
    expect((await toxiproxy.proxy(hop.name)).toxics.map((t) => t.name)).toEqual(['slow']);
  }, 60_000);

  it('given a count that is not a whole number of at least 100, then it says how to call it', async () => {
    const { code, stderr } = await bench('5');

    expect(code).toBe(2);
    expect(stderr).toContain('usage: bench-chaos-hop.js [round trips, an integer of at least 100]');
  });
});
