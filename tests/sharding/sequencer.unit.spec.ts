import { describe, expect, it } from '@jest/globals';
import { assignShards } from './sequencer.mjs';

const files = (seconds: Record<string, number>) =>
  Object.keys(seconds).map((path) => ({ path, seconds: seconds[path] ?? 0 }));
const weigh = (test: { seconds: number }) => test.seconds;

describe('assignShards', () => {
  it('given one long file and many short ones, when split in two, then the long one is alone against the rest and the loads differ by no more than the shortest file', () => {
    const tests = files({ labs: 270, a: 60, b: 50, c: 40, d: 40, e: 30, f: 20, g: 10, h: 10 });

    const { shards, loads } = assignShards(tests, 2, weigh);

    expect(shards[0]?.map((t) => t.path)).toEqual(['labs']);
    expect(loads).toEqual([270, 260]);
    expect(shards.flat()).toHaveLength(tests.length);
  });

  it('given files of equal weight in any order, when split, then each shard gets the same files every time', () => {
    const tests = files({ x: 10, y: 10, z: 10, w: 10 });

    const first = assignShards(tests, 2, weigh).shards.map((s) => s.map((t) => t.path));
    const reversed = assignShards([...tests].reverse(), 2, weigh).shards.map((s) =>
      s.map((t) => t.path),
    );

    expect(first).toEqual([
      ['w', 'y'],
      ['x', 'z'],
    ]);
    expect(reversed).toEqual(first);
  });

  it('given more shards than files, when split, then the extra shards are empty and no file is lost', () => {
    const { shards } = assignShards(files({ a: 5 }), 3, weigh);

    expect(shards.map((s) => s.length)).toEqual([1, 0, 0]);
  });
});
