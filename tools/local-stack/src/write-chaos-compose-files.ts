// Writes the compose side of chaos mode from the one layout (libs/testing/src/chaos-proxies.ts):
// infra/docker/toxiproxy.json and infra/docker/chaos.env. Run after changing the layout;
// tools/compose-check fails until the files match it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeChaosEnv, composeToxiproxyJson, repoRoot } from '@pattern-shop/testing';

for (const [file, text] of [
  ['infra/docker/toxiproxy.json', composeToxiproxyJson()],
  ['infra/docker/chaos.env', composeChaosEnv()],
] as const) {
  writeFileSync(join(repoRoot(), file), text);
  console.log(`wrote ${file}`);
}
