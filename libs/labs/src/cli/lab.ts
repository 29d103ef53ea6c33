#!/usr/bin/env node
// The workshop's command: `npm run lab -- <command>` (docs/labs/README.md).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repoRoot } from '@pattern-shop/testing';
import { LABS, labNumbered } from '../catalogue.js';
import { renderPages } from '../pages/render-page.js';
import { waitForLetter } from '../system/dead-letters.js';
import { describeDrift } from '../system/drift-story.js';
import { driftedFact, publishDriftedFact } from '../system/drift.js';
import { describeAnswers, placeOrders } from '../system/load.js';
import { redeliverFact } from '../system/redeliver.js';
import { factTrail } from '../system/fact-trail.js';
import { resetStack } from '../system/reset.js';
import { watchSaga } from '../system/saga-watch.js';
import { waitForProjectedOrder } from '../system/stream-projections.js';
import { waitForExit } from '../system/wait-exit.js';
import { runSilentEdge } from '../system/silent-edge.js';
import { reconnectionStorm } from '../system/storm.js';
import { LabArgumentError, type LabCommand, parseLabArguments, USAGE } from './lab-arguments.js';

const log = (line: string) => console.log(line);

const readOr = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

const run = async (command: LabCommand): Promise<number> => {
  // PATTERN_SHOP_PARSE_ONLY=1: print the parsed command and stop, so a test can hold the docs' commands to the parser.
  if (process.env['PATTERN_SHOP_PARSE_ONLY'] === '1') return (log(JSON.stringify(command)), 0);
  switch (command.command) {
    case 'help':
      log(USAGE);
      return 0;
    case 'list':
      for (const lab of LABS)
        log(
          `${String(lab.number).padStart(2)}  ${lab.title}  (${lab.minutes} min, docs/labs/${lab.slug}.md)`,
        );
      return 0;
    case 'reset':
      await resetStack(log);
      log('reset: done');
      return 0;
    case 'check': {
      const lab = labNumbered(command.lab);
      if (lab === undefined) throw new LabArgumentError(`no lab ${command.lab}`);
      log(`checking lab ${lab.number}: ${lab.title}`);
      const grade = await lab.grade(log);
      for (const figure of grade.figures) log(`  ${figure}`);
      log(`${grade.passed ? 'PASS' : 'FAIL'}: ${grade.reasons.join('; ')}`);
      return grade.passed ? 0 : 1;
    }
    case 'load': {
      log(
        `placing ${command.rate} orders a second for ${command.seconds} s (POST /orders, MUG-001)...`,
      );
      const answers = await placeOrders({
        rate: command.rate,
        seconds: command.seconds,
        customerPrefix: 'lab-load',
        timeoutMs: 10_000,
        onSecond: (second, batch) =>
          log(`  second ${String(second).padStart(3)}: ${describeAnswers(batch)}`),
      });
      log(`all: ${describeAnswers(answers)}`);
      return 0;
    }
    case 'redeliver':
      await redeliverFact(command.orderId, 'OrderConfirmed', command.copies, log);
      return 0;
    case 'saga':
      return (await watchSaga(command.orderId, command.until, command.seconds * 1_000, log))
        ? 0
        : 1;
    case 'letter':
      log(
        `waiting for ${command.messageId} in ${command.queue}.dlq (retried first; at most ${command.seconds} s)...`,
      );
      await waitForLetter(command.queue, command.messageId, command.seconds * 1_000);
      log(`dead-lettered: npm run dead-letters -- show ${command.queue} --id ${command.messageId}`);
      return 0;
    case 'trail':
      for (const line of await factTrail(command.orderId)) log(line);
      return 0;
    case 'drift': {
      // The id alone on stdout, so `DRIFT=$(npm run -s lab -- drift ...)` keeps it; the story on stderr.
      const fact = driftedFact(command.customerId);
      await publishDriftedFact(fact, 'subscribers');
      for (const line of describeDrift(fact)) console.error(line);
      log(fact.messageId);
      return 0;
    }
    case 'projection':
      return (await waitForProjectedOrder(command.orderId, command.seconds * 1_000, log)) ? 0 : 1;
    case 'wait-exit':
      log(`waiting for ${command.app} to end (at most ${command.seconds} s)...`);
      return (await waitForExit(command.app, command.seconds * 1_000, log)) ? 0 : 1;
    case 'watch': {
      const run = await runSilentEdge(command.orders, log);
      log(`after ${(run.silentMs / 1000).toFixed(1)} s of silence and the heal:`);
      for (const page of run.pages)
        log(
          `  page ${page.page}: order ${page.orderId} is ${page.truth ?? 'unknown'} at order-service; the page shows ${page.shown ?? 'nothing'}${page.drops === 0 ? '; its connection never ended' : `; reconnected after ${page.drops} drop(s)`}`,
        );
      return 0;
    }
    case 'storm':
      await reconnectionStorm(command.clients, log);
      return 0;
    case 'pages': {
      const root = repoRoot();
      const stale: string[] = [];
      for (const [file, content] of renderPages(LABS)) {
        const path = join(root, file);
        if (readOr(path) === content) continue;
        stale.push(file);
        if (!command.check) {
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, content);
          log(`wrote ${file}`);
        }
      }
      if (command.check && stale.length > 0) {
        log(`stale, run npm run lab -- pages: ${stale.join(', ')}`);
        return 1;
      }
      if (stale.length === 0) log('every page is up to date');
      return 0;
    }
  }
};

try {
  process.exitCode = await run(
    parseLabArguments(
      process.argv.slice(2),
      LABS.map((l) => l.number),
    ),
  );
} catch (error) {
  console.error(`lab: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof LabArgumentError) console.error(USAGE);
  process.exitCode = error instanceof LabArgumentError ? 64 : 2;
}
