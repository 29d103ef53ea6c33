// Jest globalTeardown of the int and e2e tiers: names every queue holding more messages than
// before the run. It reports; with PATTERN_SHOP_LEFTOVERS=strict it fails the run, which is only
// fair on a stack nobody else uses meanwhile (./bin/test on its own machine).

import { describeLeftovers, leftoversSince, queueDepths } from '@pattern-shop/testing';

export default async () => {
  const before = globalThis.queueDepthsBeforeRun;
  if (before === undefined || before === null || globalThis.queueLeftoversReported) return;
  globalThis.queueLeftoversReported = true;
  const leftovers = leftoversSince(before, await queueDepths());
  console.log(`\n${describeLeftovers(leftovers)}`);
  if (leftovers.length > 0 && process.env.PATTERN_SHOP_LEFTOVERS === 'strict')
    throw new Error('the run left messages behind (PATTERN_SHOP_LEFTOVERS=strict)');
};
