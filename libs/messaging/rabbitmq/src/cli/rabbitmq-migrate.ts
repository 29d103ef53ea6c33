#!/usr/bin/env node
// Brings queues declared by an older tree to the current topology (docs/security.md, Broker
// identities): run with the apps stopped; ./bin/run and ./bin/test run it. Usage: npm run rabbitmq:migrate
import { connectToRabbit } from './dead-letter-browser.js';
import { migrateDeadLetterRoutes } from './migrate-dead-letter-routes.js';

const rabbitmqUrl = process.env['RABBITMQ_URL'] ?? 'amqp://shop:shop_dev@127.0.0.1:5672';
const managementUrl = process.env['RABBITMQ_MANAGEMENT_URL'] ?? 'http://127.0.0.1:15672';
try {
  const model = await connectToRabbit(rabbitmqUrl);
  model.on('error', () => undefined); // failures surface as rejected calls
  try {
    await migrateDeadLetterRoutes(model, { rabbitmqUrl, managementUrl, print: console.log });
  } finally {
    await model.close().catch(() => undefined);
  }
} catch (error) {
  console.error(`rabbitmq:migrate: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
