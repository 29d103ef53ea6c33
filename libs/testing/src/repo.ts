import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file whether it runs from source or from dist. */
export const repoRoot = (): string => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      JSON.parse(readFileSync(manifest, 'utf8')).name === 'pattern-shop'
    ) {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('pattern-shop repository root not found');
    dir = parent;
  }
};

/** Where servers, apps and tests keep state and logs; never committed. */
export const stateDir = (): string =>
  process.env['PATTERN_SHOP_STATE_DIR'] ?? join(repoRoot(), '.local');
