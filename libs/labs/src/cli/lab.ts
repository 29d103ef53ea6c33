#!/usr/bin/env node
// The workshop's command: `npm run lab -- <command>` (docs/labs/README.md).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LabArgumentError, type LabCommand, parseLabArguments, USAGE } from './lab-arguments.js';
import { LAB_NUMBERS } from './lab-numbers.js';

// Each command imports only what it uses: a learner runs dozens of these, and loading every lab's
// grader and every broker client for each one cost a second apiece.
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
    case 'list': {
      const { LABS } = await import('../catalogue.js');
      for (const lab of LABS)
        log(
          `${String(lab.number).padStart(2)}  ${lab.title}  (${lab.minutes} min, docs/labs/${lab.slug}.md)`,
        );
      return 0;
    }
    case 'reset': {
      const { resetStack } = await import('../system/reset.js');
      await resetStack(log);
      log('reset: done');
      return 0;
    }
    case 'check': {
      const { labNumbered } = await import('../catalogue.js');
      const lab = labNumbered(command.lab);
      if (lab === undefined) throw new LabArgumentError(`no lab ${command.lab}`);
      log(`checking lab ${lab.number}: ${lab.title}`);
      const grade = await lab.grade(log);
      for (const figure of grade.figures) log(`  ${figure}`);
      log(`${grade.passed ? 'PASS' : 'FAIL'}: ${grade.reasons.join('; ')}`);
      return grade.passed ? 0 : 1;
    }
    case 'load': {
      const { describeAnswers, labCustomers, placeOrders } = await import('../system/load.js');
      const customers = await labCustomers(Math.min(50, command.rate * command.seconds), log);
      log(
        `placing ${command.rate} orders a second for ${command.seconds} s (POST /orders, MUG-001) as ${customers.length} guest customers...`,
      );
      const answers = await placeOrders({
        rate: command.rate,
        seconds: command.seconds,
        customers,
        timeoutMs: 10_000,
        onSecond: (second, batch) =>
          log(`  second ${String(second).padStart(3)}: ${describeAnswers(batch)}`),
      });
      log(`all: ${describeAnswers(answers)}`);
      return 0;
    }
    case 'redeliver': {
      const { redeliverFact } = await import('../system/redeliver.js');
      await redeliverFact(command.orderId, 'OrderConfirmed', command.copies, log);
      return 0;
    }
    case 'saga': {
      const { watchSaga } = await import('../system/saga-watch.js');
      return (await watchSaga(command.orderId, command.until, command.seconds * 1_000, log))
        ? 0
        : 1;
    }
    case 'letter': {
      const { waitForLetter } = await import('../system/dead-letters.js');
      log(
        `waiting for ${command.messageId} in ${command.queue}.dlq (retried first; at most ${command.seconds} s)...`,
      );
      await waitForLetter(command.queue, command.messageId, command.seconds * 1_000);
      log(`dead-lettered: npm run dead-letters -- show ${command.queue} --id ${command.messageId}`);
      return 0;
    }
    case 'trail': {
      const { factTrail } = await import('../system/fact-trail.js');
      for (const line of await factTrail(command.orderId)) log(line);
      return 0;
    }
    case 'drift': {
      const { driftedFact, publishDriftedFact } = await import('../system/drift.js');
      const { describeDrift } = await import('../system/drift-story.js');
      // The id alone on stdout, so `DRIFT=$(npm run -s lab -- drift ...)` keeps it; the story on stderr.
      const fact = driftedFact(command.customerId);
      await publishDriftedFact(fact, 'subscribers');
      for (const line of describeDrift(fact)) console.error(line);
      log(fact.messageId);
      return 0;
    }
    case 'projection': {
      const { waitForProjectedOrder } = await import('../system/stream-projections.js');
      return (await waitForProjectedOrder(command.orderId, command.seconds * 1_000, log)) ? 0 : 1;
    }
    case 'wait-exit': {
      const { waitForExit } = await import('../system/wait-exit.js');
      log(`waiting for ${command.app} to end (at most ${command.seconds} s)...`);
      return (await waitForExit(command.app, command.seconds * 1_000, log)) ? 0 : 1;
    }
    case 'watch': {
      const { runSilentEdge } = await import('../system/silent-edge.js');
      const run = await runSilentEdge(command.orders, log);
      log(`after ${(run.silentMs / 1000).toFixed(1)} s of silence and the heal:`);
      for (const page of run.pages)
        log(
          `  page ${page.page}: order ${page.orderId} is ${page.truth ?? 'unknown'} at order-service; the page shows ${page.shown ?? 'nothing'}${page.drops === 0 ? '; its connection never ended' : `; reconnected after ${page.drops} drop(s)`}`,
        );
      return 0;
    }
    case 'storm': {
      const { reconnectionStorm } = await import('../system/storm.js');
      await reconnectionStorm(command.clients, log);
      return 0;
    }
    case 'pages': {
      const { LABS } = await import('../catalogue.js');
      const { renderPages } = await import('../pages/render-page.js');
      // libs/labs/{src,dist}/cli/ -> the repository root, without loading the testing library.
      const root = fileURLToPath(new URL('../../../../', import.meta.url));
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
  process.exitCode = await run(parseLabArguments(process.argv.slice(2), LAB_NUMBERS));
} catch (error) {
  console.error(`lab: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof LabArgumentError) console.error(USAGE);
  process.exitCode = error instanceof LabArgumentError ? 64 : 2;
}
