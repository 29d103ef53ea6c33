import { afterAll, describe, expect, it } from '@jest/globals';
import { pidListeningOn, restartInfraServer, ServiceProcess } from '@pattern-shop/testing';

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
});
