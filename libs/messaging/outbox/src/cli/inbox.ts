#!/usr/bin/env node
// Prunes old inbox records. Usage: npm run inbox -- prune <service> --older-than 14d
import { runInboxCommand } from './maintenance-command.js';

process.exitCode = await runInboxCommand(process.argv.slice(2), {
  env: process.env,
  // TypeORM loads only for a command that gets past its arguments.
  openDatabase: async (url, service) =>
    (await import('./open-service-database.js')).openServiceDatabase(url, service),
  print: (line) => console.log(line),
  printError: (line) => console.error(line),
});
