import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QUEUES, SERVICE_NAMES } from '@pattern-shop/contracts';
import {
  bearer,
  type CustomerSession,
  LOCAL_INFRA,
  queryServiceDb,
  repoRoot,
  ServiceProcess,
  waitForQueueDrained,
} from '@pattern-shop/testing';
import type { ClientRequest } from '../invariants/snapshot.js';

const STAFF = { authorization: `Bearer ${LOCAL_INFRA.operatorToken}` };

/**
 * All seven apps, since every consumed queue must drain for the run to be quiet; then the
 * leftovers of suites that ran without a consumer are worked off, so the run starts clean.
 */
export const startWholeStack = async (): Promise<ServiceProcess[]> => {
  const apps = SERVICE_NAMES.map((name) => ServiceProcess.start(name));
  // One app that fails to start must not leave the other six running for the next suite.
  await Promise.all(apps.map((app) => app.waitUntilReady())).catch(async (error: unknown) => {
    await Promise.all(apps.map((app) => app.stop()));
    throw error;
  });
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

/** POST /orders as a careful client does (a new key), recording what it was told in `client`. */
export const placeOrder = async (
  client: ClientRequest[],
  customer: CustomerSession,
): Promise<string> => {
  const key = randomUUID();
  const { customerId } = customer;
  const response = await fetch('http://127.0.0.1:3001/orders', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key, ...bearer(customer) },
    body: JSON.stringify({ items: [{ sku: 'MUG-001', quantity: 2 }] }),
  });
  const body = (await response.json()) as { orderId?: string };
  client.push({ customerId, key, attempts: [{ status: response.status, orderId: body.orderId }] });
  if (response.status !== 202) throw new Error(`POST /orders: ${response.status}`);
  return body.orderId as string;
};

/** The client record as the file `chaos check --client` reads. */
export const writeClientFile = (client: readonly ClientRequest[]) => {
  const dir = mkdtempSync(join(tmpdir(), 'chaos-check-'));
  const path = join(dir, 'client.json');
  writeFileSync(path, JSON.stringify(client));
  return { path, remove: () => rmSync(dir, { recursive: true }) };
};

/** Deletes an order's payment row through payment-service's own role; resolves with the undo. */
export const deletePaymentRow = async (orderId: string): Promise<() => Promise<void>> => {
  const [row] = await queryServiceDb(
    'payment-service',
    'SELECT * FROM payments WHERE order_id = $1',
    [orderId],
  );
  await queryServiceDb('payment-service', 'DELETE FROM payments WHERE order_id = $1', [orderId]);
  return async () => {
    await queryServiceDb(
      'payment-service',
      'INSERT INTO payments SELECT * FROM json_populate_record(null::payments, $1)',
      [JSON.stringify(row)],
    );
  };
};

/**
 * An outbox row the relay gave up on (attempts far past its maximum), so it stays unpublished
 * while the relay runs: what a broken relay leaves behind.
 */
export const plantGivenUpOutboxRow = async () => {
  const [row] = await queryServiceDb<{ id: string }>(
    'order-service',
    `INSERT INTO outbox (aggregate_id, destination, exchange_or_topic, routing_key_or_kafka_key,
       message_id, type, headers, payload, attempts)
     VALUES ($1, 'rabbitmq', 'shop.events', 'order.placed', $2, 'PlantedByTheChecker', '{}', '{}',
       1000000)
     RETURNING id::text AS id`,
    [randomUUID(), randomUUID()],
  );
  const id = row?.id as string;
  return {
    id,
    remove: () => queryServiceDb('order-service', 'DELETE FROM outbox WHERE id = $1', [id]),
  };
};
