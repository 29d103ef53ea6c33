#!/usr/bin/env node
// Gives parked outbox rows new attempts. Usage: npm run outbox -- retry-parked <service>
import { runOutboxCommand } from './maintenance-command.js';
import { openServiceDatabase } from './open-service-database.js';

process.exitCode = await runOutboxCommand(process.argv.slice(2), {
  env: process.env,
  openDatabase: openServiceDatabase,
  print: (line) => console.log(line),
  printError: (line) => console.error(line),
});
