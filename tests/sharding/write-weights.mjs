// Records each server test file's duration from a Jest run's JSON report into weights.json, which
// the sequencer balances shards by:
//   node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects int e2e \
//     --runInBand --json --outputFile=/tmp/jest.json && node tests/sharding/write-weights.mjs /tmp/jest.json
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';

const [report] = process.argv.slice(2);
if (report === undefined) {
  console.error('usage: node tests/sharding/write-weights.mjs <jest --json report>');
  process.exit(2);
}
const root = new URL('../..', import.meta.url).pathname;
const { testResults } = JSON.parse(readFileSync(report, 'utf8'));
const seconds = Object.fromEntries(
  testResults
    .map((r) => [relative(root, r.name), Math.round((r.endTime - r.startTime) / 100) / 10])
    .sort(([a], [b]) => (a < b ? -1 : 1)),
);
const file = new URL('./weights.json', import.meta.url);
writeFileSync(
  file,
  `${JSON.stringify({ measured: new Date().toISOString().slice(0, 10), seconds }, null, 2)}\n`,
);
const total = Object.values(seconds).reduce((a, b) => a + b, 0);
console.log(
  `${Object.keys(seconds).length} files, ${Math.round(total)} s in all, written to ${file.pathname}`,
);
