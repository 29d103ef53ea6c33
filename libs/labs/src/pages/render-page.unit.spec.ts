import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '@pattern-shop/testing';
import { LABS } from '../catalogue.js';
import { isCommand } from '../lab.js';
import { renderPages } from './render-page.js';

const onDisk = (file: string): string => {
  try {
    return readFileSync(join(repoRoot(), file), 'utf8');
  } catch {
    return '(missing)';
  }
};

describe('docs/labs/: the pages are the labs, rendered', () => {
  it.each([...renderPages(LABS).keys()])(
    'given %s, then it is what npm run lab -- pages writes (run it after changing a lab)',
    (file) => {
      expect(onDisk(file)).toBe(renderPages(LABS).get(file));
    },
  );

  it('given the workshop guide, then it links every lab page', () => {
    const guide = onDisk('docs/labs/README.md');
    for (const lab of LABS) expect(guide).toContain(`](${lab.slug}.md)`);
  });

  it.each(LABS.map((lab) => [lab.number, lab] as const))(
    'given lab %i, then its break ends graded FAIL, its fix graded PASS, and every question has an answer',
    (_, lab) => {
      const graded = (steps: typeof lab.breakIt) =>
        steps.filter(isCommand).filter((s) => s.expect !== undefined);
      expect(graded(lab.breakIt).map((s) => [s.run, s.expect])).toEqual([
        [`npm run lab -- check ${lab.number}`, 'fail'],
      ]);
      expect(graded(lab.fix).map((s) => [s.run, s.expect])).toEqual([
        [`npm run lab -- check ${lab.number}`, 'pass'],
      ]);
      expect(lab.answers).toHaveLength(lab.questions.length);
    },
  );
});
