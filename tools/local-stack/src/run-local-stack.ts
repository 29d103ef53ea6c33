// Starts the seven apps and the storefront (web) against the native infrastructure, shows that they are healthy and where
// to look, and keeps them running until Ctrl-C. Run by bin/run after the infrastructure is up.
import { createConnection } from 'node:net';
import { type AppName, portOf, SERVICE_NAMES, SERVICES, WEB_APP } from '@pattern-shop/contracts';
import { LOCAL_INFRA, ServiceProcess, stateDir, waitFor } from '@pattern-shop/testing';
import { chaosModeFrom, prepareChaosMode } from './chaos-mode.js';

const portIsTaken = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

// The storefront first: it is where someone exploring the shop starts.
const APP_NAMES: readonly AppName[] = [WEB_APP.name, ...SERVICE_NAMES];
const STOREFRONT = `http://127.0.0.1:${WEB_APP.port}`;
/** web's OTLP receiver (OTLP_RECEIVER_PORT's default). */
const JOURNEY_OTLP_PORT = 4318;

const refuseIfPortsTaken = async (): Promise<void> => {
  const taken: AppName[] = [];
  for (const name of APP_NAMES) if (await portIsTaken(portOf(name))) taken.push(name);
  if (taken.length > 0) {
    const list = taken.map((name) => `${name} (port ${portOf(name)})`).join(', ');
    throw new Error(`already in use: ${list}. Is another bin/run still running? Stop it first.`);
  }
};

const printWhereToLook = (): void => {
  const rows = APP_NAMES.map(
    (name) => `  ${name.padEnd(18)} http://127.0.0.1:${portOf(name)}  (/health/ready, /metrics)`,
  );
  console.log(`
Pattern Shop is running. The storefront: ${STOREFRONT}

Apps:
${rows.join('\n')}

Infrastructure:
  PostgreSQL         127.0.0.1:5432 (one database and role per service)
  RabbitMQ           ${LOCAL_INFRA.rabbitmqUrl.replace(/\/\/.*@/, '//')}, management UI ${LOCAL_INFRA.rabbitmqManagementUrl} (user shop, password shop_dev)
  Kafka              ${LOCAL_INFRA.kafkaBrokers}
  MailDev (SMTP)     smtp ${LOCAL_INFRA.smtp.host}:${LOCAL_INFRA.smtp.port}, web ${LOCAL_INFRA.smtp.webUrl}
  Prometheus         http://127.0.0.1:9090 (scrapes every app; alerts at /alerts, see docs/alerts.md)
  Toxiproxy          http://127.0.0.1:8474 (chaos mode, CHAOS=1 ./bin/run: a fault on any hop, see docs/chaos.md)

Place an order:
  curl -s -X POST http://127.0.0.1:3001/orders -H 'content-type: application/json' \\
    -d '{"customerId":"alice","items":[{"sku":"MUG-001","quantity":2}]}'
  The API and its schemas: http://127.0.0.1:3001/docs     The catalogue: http://127.0.0.1:3002/products

Logs (JSON, one file per app): ${stateDir()}/logs/apps/<app>.log
Memory of every process:       infra/local/status

Press Ctrl-C to stop the apps (the infrastructure keeps running; infra/local/down stops it).`);
};

/** Walks one sample order through what exists so far, printing each step. */
const placeSampleOrder = async (): Promise<void> => {
  const orderUrl = `http://127.0.0.1:${SERVICES['order-service'].port}`;
  const body = {
    customerId: 'sample-customer',
    items: [
      { sku: 'MUG-001', quantity: 2 },
      { sku: 'TEE-002', quantity: 1 },
    ],
  };
  console.log(`\nplacing a sample order: POST ${orderUrl}/orders ${JSON.stringify(body)}`);
  const placed = await fetch(`${orderUrl}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-correlation-id': `sample-${Date.now()}` },
    body: JSON.stringify(body),
  });
  const answer = (await placed.json()) as Record<string, unknown>;
  console.log(`  ${placed.status} ${JSON.stringify({ ...answer, accessToken: '…' })}`);
  if (placed.status !== 202) return;
  const readOrder = async () =>
    (await (
      await fetch(`${orderUrl}${String((answer['links'] as { self: string }).self)}`, {
        headers: { authorization: `Bearer ${String(answer['accessToken'])}` },
      })
    ).json()) as { status: string; statusVersion: number; history: unknown[] };
  console.log(
    '  the checkout saga runs: ChargePayment -> payment-service -> ReserveStock -> inventory',
  );
  const view = await waitFor(
    'the sample order to be confirmed or cancelled',
    async () => {
      const current = await readOrder();
      return current.status === 'PENDING' ? undefined : current;
    },
    { timeoutMs: 60_000, intervalMs: 250 },
  ).catch(readOrder);
  console.log(
    `  GET the order: ${view.status} (statusVersion ${view.statusVersion}), history ${JSON.stringify(view.history)}`,
  );
  console.log(
    `  the saga's steps: GET ${orderUrl}/sagas/${String(answer['orderId'])} with the staff token (README)`,
  );
  console.log(
    `  its journey, hop by hop: GET ${STOREFRONT}/api/orders/${String(answer['orderId'])}/journey with the staff token (docs/web.md)`,
  );
  console.log(
    '  every fact went through an outbox to RabbitMQ (shop.events) and Kafka (orders.events, payments.events,',
  );
  console.log(
    '  inventory.events); email-service mailed the result to MailDev (http://127.0.0.1:1080/index.html).',
  );
};

/** The services send their traces to web, which draws journeys from them, unless told otherwise. */
const tracesTo = {
  OTEL_EXPORTER_OTLP_ENDPOINT:
    process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] ?? `http://127.0.0.1:${JOURNEY_OTLP_PORT}`,
};

const main = async (): Promise<void> => {
  const chaos = chaosModeFrom(process.env['CHAOS']);
  await refuseIfPortsTaken();
  const chaosTable = chaos ? await prepareChaosMode() : undefined;
  const apps = APP_NAMES.map((name) =>
    ServiceProcess.start(name, name === WEB_APP.name ? {} : tracesTo, { chaos }),
  );
  const stopAll = async () => {
    console.log('\nstopping the apps...');
    const codes = await Promise.all(apps.map((app) => app.stop()));
    apps.forEach((app, i) => console.log(`  ${app.name.padEnd(18)} exited with ${codes[i]}`));
    process.exit(0);
  };
  process.once('SIGINT', () => void stopAll());
  process.once('SIGTERM', () => void stopAll());

  console.log(`starting the seven apps and the storefront (${STOREFRONT})...`);
  for (const app of apps) {
    const report = await app.waitUntilReady(90_000);
    const checks = Object.entries(report.body.details ?? {}).map(
      ([dep, d]) => `${dep} ${d.status}`,
    );
    console.log(
      `  ${app.name.padEnd(18)} ready   ${checks.length > 0 ? checks.join(', ') : 'no dependencies'}`,
    );
  }
  await placeSampleOrder().catch((error: unknown) =>
    console.error(`sample order failed: ${String(error)}`),
  );
  printWhereToLook();
  console.log(`\nOpen the storefront: ${STOREFRONT}`);
  if (chaosTable) console.log(`\n${chaosTable}`);
  for (const app of apps) {
    void app.exitCode.then((code) =>
      console.error(`${app.name} exited unexpectedly (${code}); see its log`),
    );
  }
};

main().catch((error: unknown) => {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
