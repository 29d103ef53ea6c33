#!/usr/bin/env node
// Lists, shows and redrives RabbitMQ dead letters (`Q.dlq`). Usage: npm run dead-letters -- --help
import { runDeadLetters } from './dead-letters-command.js';

process.exitCode = await runDeadLetters(process.argv.slice(2), {
  env: process.env,
  print: (line) => console.log(line),
  printError: (line) => console.error(line),
});
