import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { localEnvironment, repoRoot } from '@pattern-shop/testing';
import type { SystemAddresses } from './system-addresses.js';

/**
 * The apps whose APIs the checker reads, each asked for `/health/live`: a check against a stack
 * that is not up says what is missing instead of failing on the first read.
 */
export const appsNotAnswering = async (addresses: SystemAddresses): Promise<string[]> => {
  const apps = Object.entries(addresses.apps);
  const answers = await Promise.all(
    apps.map(async ([name, url]) => {
      try {
        const response = await fetch(`${url}/health/live`, { signal: AbortSignal.timeout(3_000) });
        return response.ok ? undefined : `${name} (${url}: ${response.status})`;
      } catch {
        return `${name} (${url}: no answer)`;
      }
    }),
  );
  return answers.filter((answer): answer is string => answer !== undefined);
};

/**
 * Runs the nightly reconciliation over the window now, as `npm run analytics:job` does, so its
 * findings can be judged; with `chaos`, on analytics-service's Toxiproxy hops, as its own
 * schedule would in chaos mode. Resolves with the job's exit code and what it printed to stderr.
 */
export const runReconciliationJob = (
  from: string,
  to: string,
  { chaos = false }: Readonly<{ chaos?: boolean }> = {},
): Promise<Readonly<{ code: number | null; stderr: string }>> =>
  new Promise((resolve, reject) => {
    const cli = join(repoRoot(), 'apps/analytics-service/dist/batch-jobs/batch-job.cli.js');
    const child = spawn(process.execPath, [cli, 'reconciliation', '--from', from, '--to', to], {
      env: { PATH: process.env['PATH'], ...localEnvironment('analytics-service', { chaos }) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
