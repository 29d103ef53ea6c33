// Benchmarks print figures for docs/benchmarks.md; they assert nothing and are not part of the
// test suite. Each one is a command under src/cli/, run through an npm script (bench:*).
export { BENCH_TOPOLOGY } from './consumers/bench-messages.js';
