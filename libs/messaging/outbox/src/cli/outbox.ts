#!/usr/bin/env node
// Gives parked outbox rows new attempts. Usage: npm run outbox -- retry-parked <service>
import { runOutboxCommand } from './maintenance-command.js';

process.exitCode = await runOutboxCommand(process.argv.slice(2), {
  env: process.env,
  // TypeORM loads only for a command that gets past its arguments.
  openDatabase: async (url, service) =>
    (await import('./open-service-database.js')).openServiceDatabase(url, service),
  print: (line) => console.log(line),
  printError: (line) => console.error(line),
});
