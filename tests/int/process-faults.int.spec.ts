import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from '@jest/globals';
import {
  infra,
  pidListeningOn,
  repoRoot,
  restartInfraServer,
  ServiceProcess,
  waitFor,
} from '@pattern-shop/testing';

/** An answer within half a second, or undefined: a frozen process accepts but never answers. */
const answersQuickly = async (app: ServiceProcess): Promise<number | undefined> => {
  try {
    const response = await fetch(`${app.baseUrl}/health/live`, {
      signal: AbortSignal.timeout(500),
    });
    return response.status;
  } catch {
    return undefined;
  }
};

// payment-provider needs no server, so it starts in a second; the port is its own for this test.
const PORT = '3207';

describe('process faults: kill -9, freeze and thaw, restart', () => {
  const started: ServiceProcess[] = [];
  /** One app on the port at a time: the previous test's is killed first. */
  const start = async () => {
    await Promise.all(started.map((app) => app.kill()));
    const app = ServiceProcess.start('payment-provider', { PORT });
    started.push(app);
    return app;
  };

  afterAll(async () => {
    await Promise.all(started.map((app) => app.stop()));
  }, 30_000);

  it('given a running app, when frozen (SIGSTOP), then it stops answering, and when thawed (SIGCONT) it answers again', async () => {
    const app = await start();
    await app.waitUntilReady();

    app.freeze();
    expect(await answersQuickly(app)).toBeUndefined();

    app.thaw();
    expect(await answersQuickly(app)).toBe(200);
  }, 30_000);

  it('given a frozen app, when stopped, then it still shuts down gracefully instead of waiting for SIGKILL', async () => {
    const app = await start();
    await app.waitUntilReady();
    app.freeze();

    const began = performance.now();
    const code = await app.stop(5_000);
    expect(code).toBe(0);
    expect(performance.now() - began).toBeLessThan(5_000);
  }, 30_000);

  it('given an app, when restarted, then the old process is killed and a new one runs with the same settings', async () => {
    const app = await start();
    await app.waitUntilReady();

    const again = await app.restart();
    started.push(again);
    expect(await app.exitCode).toBeNull(); // killed by a signal: no exit code
    expect(again.pid).not.toBe(app.pid);
    expect(again.baseUrl).toBe(`http://127.0.0.1:${PORT}`);
    expect((await again.waitUntilReady()).httpStatus).toBe(200);
  }, 30_000);

  it('given an app someone else started, then its pid is found from its port, and nothing from a free port', async () => {
    const app = await start();
    await app.waitUntilReady();

    expect(await pidListeningOn(Number(PORT))).toBe(app.pid);
    await app.kill();
    expect(await pidListeningOn(Number(PORT))).toBeUndefined();
  }, 30_000);

  it('given an app that has exited, when frozen, then it fails naming the app', async () => {
    const app = await start();
    await app.kill();

    expect(() => app.freeze()).toThrow('payment-provider has exited; it cannot take SIGSTOP');
  }, 30_000);

  it('given the SMTP sink, when restarted through infra/local, then it is down and up again and answers', async () => {
    const { downSeconds, upSeconds } = await restartInfraServer('smtp');

    expect(downSeconds).toBeGreaterThan(0);
    expect(upSeconds).toBeGreaterThan(0);
    expect(await (await fetch('http://127.0.0.1:1080/api/healthz')).json()).toBe(true);
  }, 120_000);

  // Stops the namespace's one PostgreSQL: every database of every app and test goes away with it.
  it('given an app reading its database, when PostgreSQL is stopped, then it answers 503 (never 500) and the chaos lab refuses naming it, and when started again the app recovers', async () => {
    const app = ServiceProcess.start('inventory-service', { PORT: '3202' });
    started.push(app);
    await app.waitUntilReady();
    const products = () =>
      fetch(`${app.baseUrl}/products`, { signal: AbortSignal.timeout(10_000) }).then(
        (r) => r.status,
      );
    expect(await products()).toBe(200);

    await infra('down', 'postgres');
    try {
      await waitFor('readiness to name the database', async () =>
        (await app.readiness()).httpStatus === 503 ? true : undefined,
      );
      const answers = [await products(), await products(), await products()];
      expect(answers).toEqual([503, 503, 503]);
      const lab = await promisify(execFile)(
        process.execPath,
        [join(repoRoot(), 'libs/chaos-checker/dist/cli/chaos.js'), 'run', 'kill-order-service'],
        { env: { PATH: process.env['PATH'] } },
      ).catch((error: { code: number; stderr: string }) => error);
      expect(lab).toMatchObject({
        code: 2,
        stderr: expect.stringContaining(
          'postgres does not answer on 127.0.0.1:5432: run infra/local/up',
        ),
      });
    } finally {
      await infra('up', 'postgres');
    }

    await waitFor('the app to read its database again', async () =>
      (await products()) === 200 ? true : undefined,
    );
  }, 120_000);
});
