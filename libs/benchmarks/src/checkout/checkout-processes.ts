import { connect } from 'node:net';
import { type AppName, portOf, SERVICES, type ServiceName } from '@pattern-shop/contracts';
import { LOCAL_INFRA, queryServiceDb, ServiceProcess, waitFor } from '@pattern-shop/testing';

/** The four processes of a checkout, in the order they are needed. */
export const CHECKOUT_APPS: readonly ServiceName[] = [
  'payment-provider',
  'payment-service',
  'inventory-service',
  'order-service',
];

/**
 * The bench's SKUs, reused by every run so repeated runs add no catalogue rows: one by default
 * (every reservation then locks the same stock row: a best-selling product), more to spread them.
 */
export const benchSkus = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => (i === 0 ? 'BENCH-CHECKOUT' : `BENCH-CHECKOUT-${i + 1}`));

const portIsFree = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => resolve(!socket.destroy()));
    socket.once('error', () => resolve(true));
  });

/**
 * Starts the four apps with their default settings (only the log level lowered), once their
 * ports are free: a test of another session may be holding one, and its instance would then
 * compete for the same queues and blur the figures.
 */
export const startCheckoutApps = (
  nodeArguments: readonly string[] = [],
): Promise<ServiceProcess[]> => startApps(CHECKOUT_APPS, () => ({}), nodeArguments);

/** Starts the apps once their ports are free and waits until each reports ready; all or none. */
export const startApps = async (
  names: readonly AppName[],
  settings: (name: AppName) => Record<string, string> = () => ({}),
  nodeArguments: readonly string[] = [],
): Promise<ServiceProcess[]> => {
  for (const name of names) {
    const port = portOf(name);
    if (!(await portIsFree(port))) process.stderr.write(`  waiting for port ${port} (${name})\n`);
    await waitFor(
      `port ${port} to be free`,
      async () => ((await portIsFree(port)) ? true : undefined),
      {
        timeoutMs: 120_000,
        intervalMs: 1_000,
      },
    );
  }
  const apps = names.map((name) =>
    ServiceProcess.start(name, { LOG_LEVEL: 'warn', ...settings(name) }, { nodeArguments }),
  );
  try {
    await Promise.all(apps.map((app) => app.waitUntilReady()));
  } catch (error) {
    await stopApps(apps);
    throw error;
  }
  return apps;
};

export const stopApps = async (apps: readonly ServiceProcess[]): Promise<void> => {
  await Promise.all(apps.map((app) => app.stop()));
};

/**
 * Makes sure a bench SKU exists and sets its stock through the staff API, so the stock ledger
 * still explains every unit. The catalogue has no API to add a product: the row goes straight
 * into inventory's table (as the e2e tests' TestProducts do) and into order-service's replica,
 * which a real ProductAdded fact would have filled; without it, orders priced from the replica
 * (when the availability call is over its concurrency cap) would be refused as unknown SKUs.
 */
export const prepareBenchProduct = async (sku: string, stock: number): Promise<void> => {
  await queryServiceDb(
    'inventory-service',
    `INSERT INTO products (sku, name, price_cents, currency, stock, created_at, updated_at)
     VALUES ($1, 'checkout benchmark product', 100, 'EUR', 0, now(), now()) ON CONFLICT (sku) DO NOTHING`,
    [sku],
  );
  await queryServiceDb(
    'order-service',
    `INSERT INTO product_replica (sku, name, price_cents, currency, updated_at)
     VALUES ($1, 'checkout benchmark product', 100, 'EUR', now()) ON CONFLICT (sku) DO NOTHING`,
    [sku],
  );
  const inventory = `http://127.0.0.1:${SERVICES['inventory-service'].port}`;
  const response = await fetch(`${inventory}/products/${sku}/stock`, {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${LOCAL_INFRA.operatorToken}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ stock }),
  });
  if (!response.ok) throw new Error(`PUT /products/${sku}/stock: ${response.status}`);
};
