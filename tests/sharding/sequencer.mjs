// Jest's test sequencer with shards of equal length: `--shard=i/n` gives each shard files whose
// recorded durations (weights.json, seconds) add up to about the same, where Jest's own split
// (by a hash of the path) could put the labs, the fuzzer and the chaos smoke in one shard.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import TestSequencer from '@jest/test-sequencer';

const weights = JSON.parse(readFileSync(new URL('./weights.json', import.meta.url), 'utf8'));
// A file not measured yet weighs what a typical server test does.
const UNKNOWN_SECONDS = 15;

const weightOf = (test) =>
  weights.seconds[relative(test.context.config.rootDir, test.path)] ?? UNKNOWN_SECONDS;

/** Longest first, each to the lightest shard so far (ties to the lower index): deterministic. */
export const assignShards = (tests, shardCount, weigh = weightOf) => {
  const loads = Array.from({ length: shardCount }, () => 0);
  const shards = loads.map(() => []);
  const ordered = [...tests].sort((a, b) => weigh(b) - weigh(a) || (a.path < b.path ? -1 : 1));
  for (const test of ordered) {
    const lightest = loads.indexOf(Math.min(...loads));
    loads[lightest] += weigh(test);
    shards[lightest].push(test);
  }
  return { shards, loads };
};

export default class BalancedShards extends (TestSequencer.default ?? TestSequencer) {
  shard(tests, { shardIndex, shardCount }) {
    return assignShards(tests, shardCount).shards[shardIndex - 1];
  }
}
