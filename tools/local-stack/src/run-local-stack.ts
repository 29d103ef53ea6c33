// Starts the seven apps and the storefront (web) against the native infrastructure, shows that they are healthy and where
// to look, and keeps them running until Ctrl-C. Run by bin/run after the infrastructure is up.
// Meanwhile it takes commands for one app at a time on a Unix socket (`npm run stack`,
// docs/stack-control.md); STACK_APPS=a,b starts only those apps.
import { createConnection } from 'node:net';
import { type AppName, portOf, SERVICE_NAMES, SERVICES, WEB_APP } from '@pattern-shop/contracts';
import {
  pidListeningOn,
  provisionBrokerIdentities,
  stackSocketPath,
  startGuestSession,
  stateDir,
  waitFor,
} from '@pattern-shop/testing';
import { chaosModeFrom, prepareChaosMode } from './chaos-mode.js';
import { stackAppsFrom } from './stack-apps-setting.js';
import { STOREFRONT, startingLine, whereToLook } from './stack-banner.js';
import {
  claimStackSocket,
  listenForStackCommands,
  socketPathProblem,
} from './stack-control-server.js';
import { superviseLifetime } from './stack-lifetime.js';
import { SupervisedApp } from './supervised-app.js';

const portIsTaken = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

/** web's OTLP receiver (OTLP_RECEIVER_PORT's default). */
const JOURNEY_OTLP_PORT = 4318;

const refuseIfPortsTaken = async (names: readonly AppName[]): Promise<void> => {
  const taken: string[] = [];
  for (const name of names) {
    if (!(await portIsTaken(portOf(name)))) continue;
    // The pid lets a learner end an app left over by a ./bin/run that was killed with kill -9.
    const pid = await pidListeningOn(portOf(name)).catch(() => undefined);
    taken.push(`${name} (port ${portOf(name)}${pid === undefined ? '' : `, pid ${pid}`})`);
  }
  if (taken.length > 0) {
    throw new Error(
      `already in use: ${taken.join(', ')}. Is another bin/run still running? Stop it first (Ctrl-C in its terminal, or kill <pid>).`,
    );
  }
};

/** Walks one sample order through what exists so far, printing each step. */
const placeSampleOrder = async (): Promise<void> => {
  const orderUrl = `http://127.0.0.1:${SERVICES['order-service'].port}`;
  const guest = await startGuestSession(orderUrl);
  console.log(`\na guest session: POST ${orderUrl}/sessions/guest -> customer ${guest.customerId}`);
  const body = {
    items: [
      { sku: 'MUG-001', quantity: 2 },
      { sku: 'TEE-002', quantity: 1 },
    ],
  };
  console.log(
    `placing a sample order as that guest: POST ${orderUrl}/orders ${JSON.stringify(body)}`,
  );
  const placed = await fetch(`${orderUrl}/orders`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-correlation-id': `sample-${Date.now()}`,
      authorization: `Bearer ${guest.token}`,
    },
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
    `  the saga's steps: GET ${orderUrl}/sagas/${String(answer['orderId'])} with the operator token (README)`,
  );
  console.log(
    `  its journey, hop by hop: GET ${STOREFRONT}/api/orders/${String(answer['orderId'])}/journey with the operator token (docs/web.md)`,
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
  const names = stackAppsFrom(process.env['STACK_APPS']);
  await refuseIfPortsTaken(names);
  // Each app logs in to RabbitMQ as itself; a broker started from an older tree lacks the users.
  await provisionBrokerIdentities();
  const socketPath = stackSocketPath();
  const uncontrollable = socketPathProblem(socketPath);
  if (uncontrollable === undefined) await claimStackSocket(socketPath);
  const chaosTable = chaos ? await prepareChaosMode() : undefined;
  const apps = new Map(
    names.map((name) => {
      // Own process groups: Ctrl-Z on ./bin/run must not freeze every app at once, unnoticed.
      const options = { chaos, ownProcessGroup: true };
      return [name, new SupervisedApp(name, name === WEB_APP.name ? {} : tracesTo, options)];
    }),
  );
  const lifetime = superviseLifetime([...apps.values()], socketPath);
  try {
    await startEvery(apps);
  } catch (error) {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    return lifetime.stopAll(1);
  }
  if (SERVICE_NAMES.every((service) => apps.has(service))) {
    await placeSampleOrder().catch((error: unknown) =>
      console.error(`sample order failed: ${String(error)}`),
    );
  }
  console.log(whereToLook(names, `${stateDir()}/logs/apps`));
  if (apps.has(WEB_APP.name)) console.log(`\nOpen the storefront: ${STOREFRONT}`);
  if (chaosTable) console.log(`\n${chaosTable}`);
  // Without its socket the stack still runs; only npm run stack cannot reach it.
  const listening =
    uncontrollable === undefined
      ? listenForStackCommands(socketPath, apps)
      : Promise.reject(new Error(uncontrollable));
  await listening.then(lifetime.serving, (error: unknown) =>
    console.error(
      `warning: npm run stack cannot reach this ./bin/run: ${error instanceof Error ? error.message : String(error)}`,
    ),
  );
};

/** Starts them all at once, then reports each as it gets ready, in order. */
const startEvery = async (apps: ReadonlyMap<AppName, SupervisedApp>): Promise<void> => {
  console.log(startingLine([...apps.keys()]));
  const readiness = [...apps.values()].map((app) => {
    const ready = app.startAndWait();
    ready.catch(() => undefined); // awaited in order below; a later one may fail first
    return { app, ready };
  });
  for (const { app, ready } of readiness) {
    const report = await ready;
    const checks = Object.entries(report.body.details ?? {}).map(
      ([dep, d]) => `${dep} ${d.status}`,
    );
    console.log(
      `  ${app.name.padEnd(18)} ready   ${checks.length > 0 ? checks.join(', ') : 'no dependencies'}`,
    );
  }
};

main().catch((error: unknown) => {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
