import { afterAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:net';
import { infra } from '@pattern-shop/testing';

/** infra/local refuses to start a server on a port another process holds, and says who holds it. */
describe('infra/local: a port already taken', () => {
  let squatter: Server | undefined;

  afterAll(async () => {
    await new Promise((resolve) => (squatter ? squatter.close(resolve) : resolve(undefined)));
    await infra('up', 'smtp'); // leave the SMTP sink running, as the suite found it
  }, 120_000);

  it('given another process on the SMTP port, when smtp is started, then it fails naming the port and the process', async () => {
    await infra('down', 'smtp');
    squatter = createServer();
    await new Promise<void>((resolve) => squatter?.listen(1025, '127.0.0.1', resolve));

    const failure = await infra('up', 'smtp').then(
      () => undefined,
      (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`,
    );
    expect(failure).toBeDefined();
    expect(failure).toMatch(/port 1025 is already in use by .*node/);
  }, 120_000);
});
