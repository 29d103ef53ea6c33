import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * README.md and every page under docs/, relative to the repository root. The lab pages are in
 * too: the labs e2e test runs their steps, but not the commands they name to watch with.
 */
export const docPages = (root: string): string[] => [
  'README.md',
  ...readdirSync(join(root, 'docs'), { recursive: true, encoding: 'utf8' })
    .map((path) => relative(root, join(root, 'docs', path)))
    .filter((path) => path.endsWith('.md'))
    .sort(),
];
