import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ConflictException } from '@nestjs/common';
import type { Logger } from '@pattern-shop/observability';
import { ChaosLab } from './chaos-lab.js';

// A stand-in for the lab's command: `list --json` prints one scenario; `run` lasts a second.
const fakeLabCli = (): string => {
  const path = join(mkdtempSync(join(tmpdir(), 'chaos-lab-')), 'chaos.mjs');
  const entry = {
    name: 'inventory-down',
    pattern: '1',
    shows: 'the replica',
    fault: 'a cut link',
    watch: 'the breaker',
    atStake: 'orders',
    weak: false,
  };
  writeFileSync(
    path,
    `if (process.argv[2] === 'list') console.log(${JSON.stringify(JSON.stringify([entry]))});
     else setTimeout(() => undefined, 1000);`,
  );
  return path;
};

const silent = { info: () => undefined } as unknown as Logger;

describe('ChaosLab', () => {
  it('given two starts at the same moment, when both reach the lab, then one run starts and the other is a conflict', async () => {
    const lab = new ChaosLab({ enabled: true, cliPath: fakeLabCli(), quiesceS: 5 }, silent);
    const request = { scenario: 'inventory-down', rate: 2, durationS: 6, seed: 1 };

    const outcomes = await Promise.allSettled([
      lab.start(request, new Date()),
      lab.start(request, new Date()),
    ]);

    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = outcomes.find((outcome) => outcome.status === 'rejected');
    expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(ConflictException);
  });
});
