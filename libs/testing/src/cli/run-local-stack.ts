// Starts the seven apps against the native infrastructure, shows that they are healthy and where
// to look, and keeps them running until Ctrl-C. Run by bin/run after the infrastructure is up.
import { createConnection } from 'node:net';
import { SERVICE_NAMES, SERVICES, type ServiceName } from '@pattern-shop/contracts';
import { LOCAL_INFRA } from '../local-environment.js';
import { stateDir } from '../repo.js';
import { ServiceProcess } from '../service-process.js';

const portIsTaken = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

const refuseIfPortsTaken = async (): Promise<void> => {
  const taken: ServiceName[] = [];
  for (const name of SERVICE_NAMES) if (await portIsTaken(SERVICES[name].port)) taken.push(name);
  if (taken.length > 0) {
    const list = taken.map((name) => `${name} (port ${SERVICES[name].port})`).join(', ');
    throw new Error(`already in use: ${list}. Is another bin/run still running? Stop it first.`);
  }
};

const printWhereToLook = (): void => {
  const rows = SERVICE_NAMES.map(
    (name) =>
      `  ${name.padEnd(18)} http://127.0.0.1:${SERVICES[name].port}  (/health/ready, /metrics)`,
  );
  console.log(`
Pattern Shop is running.

Apps:
${rows.join('\n')}

Infrastructure:
  PostgreSQL         127.0.0.1:5432 (one database and role per service)
  RabbitMQ           ${LOCAL_INFRA.rabbitmqUrl.replace(/\/\/.*@/, '//')}, management UI ${LOCAL_INFRA.rabbitmqManagementUrl} (user shop, password shop_dev)
  Kafka              ${LOCAL_INFRA.kafkaBrokers}
  MailDev (SMTP)     smtp ${LOCAL_INFRA.smtp.host}:${LOCAL_INFRA.smtp.port}, web ${LOCAL_INFRA.smtp.webUrl}

Logs (JSON, one file per app): ${stateDir()}/logs/apps/<app>.log
Memory of every process:       infra/local/status

Press Ctrl-C to stop the apps (the infrastructure keeps running; infra/local/down stops it).`);
};

const main = async (): Promise<void> => {
  await refuseIfPortsTaken();
  const apps = SERVICE_NAMES.map((name: ServiceName) => ServiceProcess.start(name));
  const stopAll = async () => {
    console.log('\nstopping the apps...');
    const codes = await Promise.all(apps.map((app) => app.stop()));
    apps.forEach((app, i) => console.log(`  ${app.name.padEnd(18)} exited with ${codes[i]}`));
    process.exit(0);
  };
  process.once('SIGINT', () => void stopAll());
  process.once('SIGTERM', () => void stopAll());

  console.log('starting the seven apps...');
  for (const app of apps) {
    const report = await app.waitUntilReady(90_000);
    const checks = Object.entries(report.body.details ?? {}).map(
      ([dep, d]) => `${dep} ${d.status}`,
    );
    console.log(
      `  ${app.name.padEnd(18)} ready   ${checks.length > 0 ? checks.join(', ') : 'no dependencies'}`,
    );
  }
  printWhereToLook();
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
