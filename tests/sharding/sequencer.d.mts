// Types for the sequencer's pure part, so its unit spec is type-checked with the rest.
type Weighed = Readonly<{ path: string }>;

export declare const assignShards: <T extends Weighed>(
  tests: readonly T[],
  shardCount: number,
  weigh: (test: T) => number,
) => { shards: T[][]; loads: number[] };
