// A Jest reporter for the int and e2e tiers: after each test file, the queues that hold more
// messages than before it, so a run's leftovers name the suite that left them (the teardown only
// sees the whole run). A later suite's app may consume them, so a queue can grow in one suite and
// its dead-letter queue in the next: read the two lines together.

import { leftoversSince, queueDepths } from '@pattern-shop/testing';

const SERVER_TIERS = new Set(['int', 'e2e']);

export default class PerSuiteLeftovers {
  #depths = undefined;

  async onRunStart() {
    this.#depths = await queueDepths().catch(() => undefined);
  }

  async onTestFileResult(test) {
    if (this.#depths === undefined) return;
    if (!SERVER_TIERS.has(test.context.config.displayName?.name)) return;
    const after = await queueDepths().catch(() => undefined);
    if (after === undefined) return;
    const grown = leftoversSince(this.#depths, after);
    this.#depths = after;
    if (grown.length === 0) return;
    const relative = test.path.slice(test.context.config.rootDir.length + 1);
    const queues = grown.map(({ queue, added }) => `${queue} +${added}`).join(', ');
    process.stderr.write(`\nqueues grown during ${relative}: ${queues}\n`);
  }
}
