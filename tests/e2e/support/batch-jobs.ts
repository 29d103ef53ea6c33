import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { LOCAL_INFRA, localEnvironment, queryServiceDb, waitFor } from '@pattern-shop/testing';

const ANALYTICS = 'http://127.0.0.1:3005';

export type RunRecord = Record<string, any>;
export type JobCommand = Readonly<{ code: number | null; runs: RunRecord[]; stderr: string }>;

/**
 * `npm run analytics:job -- <args>` as a person or a CronJob runs it: the built command, its own
 * process, the local settings. Resolves with the exit code, the run records (stdout) and stderr.
 */
export const runJobCommand = (...args: string[]): Promise<JobCommand> =>
  new Promise((resolve, reject) => {
    const cli = join(process.cwd(), 'apps/analytics-service/dist/batch-jobs/batch-job.cli.js');
    const child = spawn(process.execPath, [cli, ...args], {
      env: { PATH: process.env['PATH'], ...localEnvironment('analytics-service') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const runs = stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as RunRecord);
      resolve({ code, runs, stderr });
    });
  });

/** The window's reconciliation as one command: `--from` and `--to`. */
export const reconcileWindow = (from: Date, to: Date): Promise<JobCommand> =>
  runJobCommand('reconciliation', '--from', from.toISOString(), '--to', to.toISOString());

/** analytics-service's /metrics: the value of `name{labels}`, or undefined when absent. */
export const metricValue = async (
  name: string,
  labels: Record<string, string>,
): Promise<number | undefined> => {
  const text = await (await fetch(`${ANALYTICS}/metrics`)).text();
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = text
    .split('\n')
    .find(
      (candidate) =>
        candidate.startsWith(`${name}{`) && wanted.every((label) => candidate.includes(label)),
    );
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
};

/** A staff GET on analytics-service; `token: null` leaves the Authorization header out. */
export const analyticsGet = async (
  path: string,
  token: string | null = LOCAL_INFRA.operatorToken,
  accept?: string,
) => {
  const response = await fetch(`${ANALYTICS}${path}`, {
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(accept ? { accept } : {}),
    },
  });
  const contentType = response.headers.get('content-type');
  const text = await response.text();
  return { status: response.status, contentType, text, json: () => JSON.parse(text) };
};

/** Waits until analytics-service's projection has applied every order's OrderPlaced. */
export const streamHasPlaced = (orderIds: readonly string[]) =>
  waitFor(`analytics to apply ${orderIds.length} OrderPlaced facts`, async () => {
    const rows = await queryServiceDb<{ n: number }>(
      'analytics-service',
      'SELECT count(*)::int AS n FROM analytics.order_facts WHERE order_id = ANY($1::uuid[]) AND placed_at IS NOT NULL',
      [orderIds],
    );
    return rows[0]?.n === orderIds.length ? true : undefined;
  });

/**
 * The findings of the run of exactly this window, in a stable order, without their detail. The
 * endpoint also serves those of every other period overlapping it (a day reconciled by someone
 * else today), which are not this window's.
 */
export const findingsOf = async (from: Date, to: Date) => {
  const query = new URLSearchParams({ from: from.toISOString(), to: to.toISOString() });
  const answer = await analyticsGet(`/reconciliation/findings?${query}`);
  if (answer.status !== 200) throw new Error(`findings: ${answer.status} ${answer.text}`);
  return (answer.json().items as RunRecord[])
    .filter((item) => item.periodFrom === from.toISOString() && item.periodTo === to.toISOString())
    .map(({ kind, orderId, expected, actual, unit }) => ({ kind, orderId, expected, actual, unit }))
    .sort((a, b) => `${a.kind}${a.orderId}`.localeCompare(`${b.kind}${b.orderId}`));
};
