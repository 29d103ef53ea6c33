// npm run k8s:check [folder]: validates k8s/ (or the given kustomization folder) strictly, as the
// suite does (k8s/README.md); exits 1 with one line per problem.
import { resolve } from 'node:path';
import { checkManifests, ensureToolchain, manifestFiles } from './k8s-check.js';

const folder = resolve(process.argv[2] ?? 'k8s');
const started = Date.now();
const findings = checkManifests(ensureToolchain(), folder);
for (const { source, kind, name, problem } of findings) {
  console.log(`${source}: ${kind} ${name}: ${problem}`);
}
const files = manifestFiles(folder).length;
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (findings.length > 0) {
  console.log(`k8s-check: ${findings.length} problem(s) in ${folder} (${seconds} s)`);
  process.exit(1);
}
console.log(`k8s-check: ${folder} is valid, rendered and as ${files} files (${seconds} s)`);
