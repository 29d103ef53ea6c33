#!/usr/bin/env node
// Prunes old inbox records. Usage: npm run inbox -- prune <service> --older-than 14d
import { runInboxCommand } from './maintenance-command.js';
import { openServiceDatabase } from './open-service-database.js';

process.exitCode = await runInboxCommand(process.argv.slice(2), {
  env: process.env,
  openDatabase: openServiceDatabase,
  print: (line) => console.log(line),
  printError: (line) => console.error(line),
});
