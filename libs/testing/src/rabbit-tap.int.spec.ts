import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { EXCHANGES } from '@pattern-shop/contracts';
import { LOCAL_INFRA } from './local-environment.js';
import { repoRoot } from './repo.js';
import { tapExchange } from './rabbit-tap.js';
import { waitFor } from './wait-for.js';

const EXCHANGE = EXCHANGES.events;

/**
 * True while the broker has the queue, from the management API: a passive declare would count as
 * a use of the queue and restart its expiry.
 */
const queueExists = async (queue: string): Promise<boolean> => {
  const { username, password } = new URL(LOCAL_INFRA.rabbitmqUrl);
  const response = await fetch(
    `${LOCAL_INFRA.rabbitmqManagementUrl}/api/queues/%2F/${encodeURIComponent(queue)}?columns=name`,
    {
      headers: {
        authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
      },
    },
  );
  if (response.status === 404) return false;
  if (!response.ok) throw new Error(`GET /api/queues/%2F/${queue}: HTTP ${response.status}`);
  return true;
};

describe('tapExchange: a test listening on an exchange with a queue of its own', () => {
  it('given a tap, when closed, then its queue is gone', async () => {
    const tap = await tapExchange(EXCHANGE, ['test.tap.nothing']);
    expect(await queueExists(tap.queue)).toBe(true);

    await tap.close();

    expect(await queueExists(tap.queue)).toBe(false);
  });

  it('given a tap whose process is killed before it closes, then the broker deletes its queue once unused for its expiry', async () => {
    // A separate process, killed with SIGKILL: what a test run stopped half-way leaves behind.
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { tapExchange } = await import(${JSON.stringify(join(repoRoot(), 'libs/testing/dist/index.js'))});
         const tap = await tapExchange('${EXCHANGE}', ['test.tap.nothing'], { expiresMs: 1500 });
         console.log(tap.queue);
         setInterval(() => undefined, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const [line] = (await once(child.stdout, 'data')) as [Buffer];
    const queue = line.toString('utf8').trim();
    expect(await queueExists(queue)).toBe(true);

    child.kill('SIGKILL');
    await once(child, 'exit');

    const gone = await waitFor(
      'the orphaned tap queue expired',
      async () => ((await queueExists(queue)) ? undefined : true),
      { timeoutMs: 15_000, intervalMs: 250 },
    );
    expect(gone).toBe(true);
  }, 30_000);
});
