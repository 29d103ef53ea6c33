import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { connect, type ChannelModel, type GetMessage } from 'amqplib';
import { LOCAL_INFRA, repoRoot, waitFor } from '@pattern-shop/testing';
import { runDeadLetters } from './dead-letters-command.js';

const RABBITMQ_URL = process.env['TEST_RABBITMQ_URL'] ?? LOCAL_INFRA.rabbitmqUrl;
const env = { RABBITMQ_URL, RABBITMQ_MANAGEMENT_URL: LOCAL_INFRA.rabbitmqManagementUrl };
const quorum = { durable: true, arguments: { 'x-queue-type': 'quorum' } };

let model: ChannelModel;
const created: string[] = [];

beforeAll(async () => {
  model = await connect(RABBITMQ_URL);
});
afterEach(async () => {
  const channel = await model.createChannel();
  for (const queue of created.splice(0)) await channel.deleteQueue(queue);
  await channel.close();
});
afterAll(async () => {
  await model.close();
});

/** A consumed queue `q-<random>` and its DLQ, holding a dead letter for each id. */
const givenDeadLetters = async (...messageIds: string[]): Promise<string> => {
  const queue = `q-${randomBytes(4).toString('hex')}`;
  created.push(queue, `${queue}.dlq`);
  const channel = await model.createConfirmChannel();
  await channel.assertQueue(queue, quorum);
  await channel.assertQueue(`${queue}.dlq`, quorum);
  for (const [n, messageId] of messageIds.entries()) {
    const body = Buffer.from(JSON.stringify({ messageId, type: 'OrderConfirmed', data: { n } }));
    channel.sendToQueue(`${queue}.dlq`, body, {
      messageId,
      type: 'OrderConfirmed',
      persistent: true,
      headers: {
        'correlation-id': `c-${messageId}`,
        'x-error-reason': `handler failed for ${messageId}`,
        'x-error-stack': `Error: handler failed\n    at handle (${messageId}.js:1:1)`,
        'x-attempts': '3',
        'x-failed-at': '2026-11-23T09:00:00.000Z',
        'x-first-failed-at': '2026-11-23T08:59:00.000Z',
        'x-service': 'spec',
        'x-original-queue': queue,
        'x-original-exchange': 'shop.events',
        'x-original-routing-key': 'order.confirmed',
      },
    });
  }
  await channel.waitForConfirms();
  await channel.close();
  return queue;
};

const runWith =
  (overrides: Record<string, string>) =>
  async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runDeadLetters(args, {
      env: { ...env, ...overrides },
      print: (line) => out.push(line),
      printError: (line) => err.push(line),
      clock: () => new Date('2026-11-23T10:00:00.000Z'),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
const run = Object.assign(runWith({}), { withEnv: runWith });

const depth = async (queue: string): Promise<number> => {
  const channel = await model.createChannel();
  const { messageCount } = await channel.checkQueue(queue);
  await channel.close();
  return messageCount;
};

/** Waits until a released or moved letter is counted again, then checks the count. */
const expectDepth = (queue: string, expected: number) =>
  waitFor(`${queue} to hold ${expected}`, async () =>
    (await depth(queue)) === expected ? true : undefined,
  );

const takeAll = async (queue: string): Promise<GetMessage[]> => {
  const channel = await model.createChannel();
  const taken: GetMessage[] = [];
  for (let message = await channel.get(queue); message; message = await channel.get(queue)) {
    channel.ack(message);
    taken.push(message);
  }
  await channel.close();
  return taken;
};

describe('dead-letters CLI against RabbitMQ', () => {
  it('given two dead letters, when listing the queue, then both are shown and both stay', async () => {
    const queue = await givenDeadLetters('m-a', 'm-b');
    const { code, out } = await run('list', '--queue', queue);
    expect(code).toBe(0);
    expect(out).toMatch(
      new RegExp(`^1\\tm-a\\tOrderConfirmed\\t3\\t.*\\t${queue}\\thandler failed for m-a$`, 'm'),
    );
    expect(out).toMatch(/^2\tm-b\t/m);
    await expectDepth(`${queue}.dlq`, 2);
  });

  it('given dead letters, when listing all queues, then their DLQ appears with its depth', async () => {
    const queue = await givenDeadLetters('m-a', 'm-b');
    // The management API refreshes its statistics every few seconds.
    await waitFor(
      'the DLQ in the list with depth 2',
      async () => {
        const { code, out } = await run('list');
        return code === 0 && new RegExp(`^${queue}\\.dlq\\s+2$`, 'm').test(out) ? true : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 500 },
    );
  }, 20_000);

  it('given a dead letter, when shown, then its headers, stack and body are printed', async () => {
    const queue = await givenDeadLetters('m-a', 'm-b');
    const { code, out } = await run('show', `${queue}.dlq`, 'm-b');
    expect(code).toBe(0);
    expect(out).toContain('message id: m-b');
    expect(out).toContain('  x-error-reason: handler failed for m-b');
    expect(out).toContain('at handle (m-b.js:1:1)');
    expect(out).toContain('"messageId": "m-b"');
    expect(out).not.toContain('m-a');
  });

  it('given two dead letters, when one is redriven, then exactly it is back in its queue, cleaned', async () => {
    const queue = await givenDeadLetters('m-a', 'm-b');
    const { code, out } = await run('redrive', queue, 'm-a');
    expect(code).toBe(0);
    expect(out).toContain(`redriven m-a -> ${queue}`);
    const [moved, ...others] = await takeAll(queue);
    expect(others).toHaveLength(0);
    expect(moved?.properties.messageId).toBe('m-a');
    expect(JSON.parse(moved?.content.toString() ?? '')).toMatchObject({ messageId: 'm-a' });
    const headers = moved?.properties.headers ?? {};
    expect(headers).toMatchObject({
      'correlation-id': 'c-m-a',
      'x-redriven-at': '2026-11-23T10:00:00.000Z',
      'x-redrive-count': 1,
    });
    for (const gone of ['x-error-reason', 'x-error-stack', 'x-attempts', 'x-original-queue']) {
      expect(headers).not.toHaveProperty(gone);
    }
    await expectDepth(`${queue}.dlq`, 1);
    const left = await run('list', '--queue', queue);
    expect(left.out).toContain('m-b');
    expect(left.out).not.toContain('m-a');
  });

  it('given dead letters, when redriving --all, then every one moves and the DLQ is empty', async () => {
    const queue = await givenDeadLetters('m-a', 'm-b', 'm-c');
    const { code } = await run('redrive', queue, '--all');
    expect(code).toBe(0);
    const moved = await takeAll(queue);
    expect(moved.map((message) => message.properties.messageId).sort()).toEqual([
      'm-a',
      'm-b',
      'm-c',
    ]);
    await expectDepth(`${queue}.dlq`, 0);
  });

  it('given an unknown message id, when redriving it, then a clear error, exit 1, nothing moves', async () => {
    const queue = await givenDeadLetters('m-a');
    const { code, err } = await run('redrive', queue, 'm-missing');
    expect(code).toBe(1);
    expect(err).toContain(`no dead letter with message id 'm-missing' in '${queue}.dlq'`);
    expect(await depth(queue)).toBe(0);
    await expectDepth(`${queue}.dlq`, 1);
  });

  it('given an unknown queue or an unreachable broker, then a clear error and exit 1', async () => {
    const missing = await run('list', '--queue', `q-missing-${randomBytes(4).toString('hex')}`);
    expect(missing).toMatchObject({
      code: 1,
      err: expect.stringContaining('no dead-letter queue'),
    });
    const brokerDown = await run.withEnv({ RABBITMQ_URL: 'amqp://shop:shop_dev@127.0.0.1:1' })(
      'list',
      '--queue',
      'q',
    );
    expect(brokerDown).toMatchObject({
      code: 1,
      err: expect.stringContaining('RabbitMQ unreachable at 127.0.0.1:1'),
    });
    const apiDown = await run.withEnv({ RABBITMQ_MANAGEMENT_URL: 'http://127.0.0.1:1' })('list');
    expect(apiDown).toMatchObject({
      code: 1,
      err: expect.stringContaining('management API unreachable'),
    });
    expect((await run('nonsense')).code).toBe(1);
  });

  const cli = `${repoRoot()}/libs/messaging/rabbitmq/dist/cli/dead-letters.js`;
  it('given the built CLI, when run as a process, then it lists the dead letters', async () => {
    // The compiled file exists after `npx tsc -b tsconfig.build.json`; this is the shipped path.
    expect(existsSync(cli)).toBe(true);
    const queue = await givenDeadLetters('m-a');
    const { stdout } = await promisify(execFile)('node', [cli, 'list', '--queue', queue], {
      env: { ...process.env, ...env },
    });
    expect(stdout).toContain('m-a');
  });
});
