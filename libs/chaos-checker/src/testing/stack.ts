import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { QUEUES, SERVICE_NAMES } from '@pattern-shop/contracts';
import { LOCAL_INFRA, repoRoot, ServiceProcess, waitForQueueDrained } from '@pattern-shop/testing';

const STAFF = { authorization: `Bearer ${LOCAL_INFRA.adminToken}` };

/**
 * All seven apps, since every consumed queue must drain for the run to be quiet; then the
 * leftovers of suites that ran without a consumer are worked off, so the run starts clean.
 */
export const startWholeStack = async (): Promise<ServiceProcess[]> => {
  const apps = SERVICE_NAMES.map((name) => ServiceProcess.start(name));
  await Promise.all(apps.map((app) => app.waitUntilReady()));
  const consumed = Object.values(QUEUES).filter((queue) => queue !== QUEUES.orderSagaParked);
  for (const queue of consumed) await waitForQueueDrained(queue);
  return apps;
};

export const setStock = async (sku: string, stock: number): Promise<void> => {
  const response = await fetch(`http://127.0.0.1:3002/products/${sku}/stock`, {
    method: 'PUT',
    headers: { ...STAFF, 'content-type': 'application/json' },
    body: JSON.stringify({ stock }),
  });
  if (!response.ok) throw new Error(`PUT /products/${sku}/stock: ${response.status}`);
};

export const provider = {
  behave: async (knobs: Record<string, number>): Promise<void> => {
    const response = await fetch('http://127.0.0.1:3007/admin/behaviour', {
      method: 'PUT',
      headers: { ...STAFF, 'content-type': 'application/json' },
      body: JSON.stringify(knobs),
    });
    if (!response.ok) throw new Error(`PUT /admin/behaviour: ${response.status}`);
  },
  reset: async (): Promise<void> => {
    await fetch('http://127.0.0.1:3007/admin/behaviour', { method: 'DELETE', headers: STAFF });
  },
};

/** `npm run chaos -- <args>` as a person runs it: the built command in its own process. */
export const runChaosCommand = (
  args: readonly string[],
): Promise<Readonly<{ code: number | null; stdout: string; stderr: string }>> =>
  new Promise((resolve, reject) => {
    const cli = join(repoRoot(), 'libs/chaos-checker/dist/cli/chaos.js');
    const child = spawn(process.execPath, [cli, ...args], {
      env: { PATH: process.env['PATH'] },
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
      resolve({ code, stdout, stderr });
    });
  });
