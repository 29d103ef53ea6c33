import { type AppName, portOf, WEB_APP } from '@pattern-shop/contracts';
import { LOCAL_INFRA } from '@pattern-shop/testing';
import { ALL_APPS } from './stack-apps-setting.js';

/** The storefront: ./bin/run prints its address first, since that is where a learner starts. */
export const STOREFRONT = `http://127.0.0.1:${WEB_APP.port}`;

const everyApp = (names: readonly AppName[]): boolean => names.length === ALL_APPS.length;

/** The first line ./bin/run prints once the infrastructure is up. */
export const startingLine = (names: readonly AppName[]): string =>
  everyApp(names)
    ? `starting the seven apps and the storefront (${STOREFRONT})...`
    : `starting ${names.join(', ')} (STACK_APPS)...`;

/** Where to look once every app is ready: the apps (web first), the infrastructure, the logs. */
export const whereToLook = (names: readonly AppName[], logsDir: string): string => {
  const rows = names.map(
    (name) => `  ${name.padEnd(18)} http://127.0.0.1:${portOf(name)}  (/health/ready, /metrics)`,
  );
  return `
Pattern Shop is running${everyApp(names) ? `. The storefront: ${STOREFRONT}` : ` (only STACK_APPS=${names.join(',')})`}

Apps:
${rows.join('\n')}

Infrastructure:
  PostgreSQL         127.0.0.1:5432 (one database and role per service)
  RabbitMQ           ${LOCAL_INFRA.rabbitmqUrl.replace(/\/\/.*@/, '//')}, management UI ${LOCAL_INFRA.rabbitmqManagementUrl} (user shop, password shop_dev)
  Kafka              ${LOCAL_INFRA.kafkaBrokers}
  MailDev (SMTP)     smtp ${LOCAL_INFRA.smtp.host}:${LOCAL_INFRA.smtp.port}, web ${LOCAL_INFRA.smtp.webUrl}
  Prometheus         http://127.0.0.1:9090 (scrapes every app; alerts at /alerts, see docs/alerts.md)
  Toxiproxy          http://127.0.0.1:8474 (chaos mode, CHAOS=1 ./bin/run: a fault on any hop, see docs/chaos.md)

Place an order, as a guest customer (the customer is the token's, never the body's):
  TOKEN=$(curl -s -X POST http://127.0.0.1:3001/sessions/guest | jq -r .token)
  curl -s -X POST http://127.0.0.1:3001/orders -H 'content-type: application/json' \\
    -H "authorization: Bearer $TOKEN" -d '{"items":[{"sku":"MUG-001","quantity":2}]}'
  The API and its schemas: http://127.0.0.1:3001/docs     The catalogue: http://127.0.0.1:3002/products

Logs (JSON, one file per app): ${logsDir}/<app>.log
Memory of every process:       infra/local/status

One app at a time:             npm run stack -- status | stop | start | freeze | thaw | restart <app>
                               (restart <app> --weak <switch>: a weak variant; docs/stack-control.md)

Press Ctrl-C to stop the apps (the infrastructure keeps running; infra/local/down stops it).`;
};
