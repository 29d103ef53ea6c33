#!/usr/bin/env node
// Lists, shows, redrives and discards RabbitMQ dead letters (`Q.dlq`, and the parked sagas' notes),
// and makes a poison message to watch one land. Usage: npm run dead-letters -- --help
import { runDeadLetters } from './dead-letters-command.js';

process.exitCode = await runDeadLetters(process.argv.slice(2), {
  env: process.env,
  print: (line) => console.log(line),
  printError: (line) => console.error(line),
});
