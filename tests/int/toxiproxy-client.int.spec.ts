import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createConnection, createServer, type Socket } from 'node:net';
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import {
  CHAOS_PROXIES,
  chaosProxy,
  infra,
  populateChaosProxies,
  type ToxicSpec,
  ToxiproxyClient,
  waitFor,
} from '@pattern-shop/testing';

const toxiproxy = new ToxiproxyClient();
const smtpHop = chaosProxy('email-service', 'smtp');

/** Milliseconds from connecting to the SMTP sink through the proxy until its 220 greeting. */
const smtpGreetingMs = (port: number): Promise<number> =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('data', (chunk) => {
      socket.destroy();
      if (chunk.toString().startsWith('220')) resolve(performance.now() - started);
      else reject(new Error(`not an SMTP greeting: ${chunk.toString()}`));
    });
    socket.once('error', reject);
  });

describe('Toxiproxy on the native stack, driven by the typed client', () => {
  beforeAll(async () => {
    await infra('up', 'smtp', 'toxiproxy');
  }, 240_000);

  afterAll(() => toxiproxy.reset());

  it('given infra/local/up toxiproxy ran, when it runs again, then it leaves the running server alone, and that server is the pinned release', async () => {
    expect(await infra('up', 'toxiproxy')).toMatch(/\[toxiproxy\] already running/);
    expect(await toxiproxy.version()).toBe('2.12.0');
  }, 60_000);

  it('given the chaos layout, when populated, then every hop has its proxy on its listen port, with no toxics', async () => {
    await populateChaosProxies(toxiproxy);
    const proxies = await toxiproxy.listProxies();

    for (const hop of CHAOS_PROXIES) {
      expect(proxies[hop.name]).toMatchObject({
        listen: `127.0.0.1:${hop.listenPort}`,
        upstream: `127.0.0.1:${hop.upstreamPort}`,
        enabled: true,
        toxics: [],
      });
    }
  });

  it('given a latency toxic on one hop, then that hop is slow by that much, and removing it heals it', async () => {
    await populateChaosProxies(toxiproxy);
    expect(await smtpGreetingMs(smtpHop.listenPort)).toBeLessThan(200);

    await toxiproxy.addToxic(smtpHop.name, {
      name: 'slow',
      type: 'latency',
      attributes: { latency: 400 },
    });
    expect(await smtpGreetingMs(smtpHop.listenPort)).toBeGreaterThanOrEqual(400);
    expect((await toxiproxy.proxy(smtpHop.name)).toxics.map((t) => t.name)).toEqual(['slow']);

    await toxiproxy.removeToxic(smtpHop.name, 'slow');
    expect(await smtpGreetingMs(smtpHop.listenPort)).toBeLessThan(200);
  }, 30_000);

  it('given a timeout toxic of 0 on an open connection, when its toxicity goes to 0, then the same connection carries data again (what was sent meanwhile is lost), and only removing the toxic closes it', async () => {
    const echo = createServer((socket) => socket.pipe(socket));
    echo.listen(0, '127.0.0.1');
    await once(echo, 'listening');
    const { port } = echo.address() as { port: number };
    const name = `test.echo-${port}`;
    const proxy = await toxiproxy.createProxy({
      name,
      listen: '127.0.0.1:0',
      upstream: `127.0.0.1:${port}`,
    });
    const client: Socket = createConnection({
      host: '127.0.0.1',
      port: Number(proxy.listen.split(':')[1]),
    });
    const received: string[] = [];
    client.on('data', (chunk) => received.push(chunk.toString()));
    const closed = once(client, 'close');
    const roundTrip = async (text: string) => {
      client.write(text);
      await waitFor(`"${text}" echoed`, async () => (received.includes(text) ? true : undefined));
    };
    try {
      await roundTrip('before');
      for (const stream of ['upstream', 'downstream'] as const)
        await toxiproxy.addToxic(name, {
          name: `silent-${stream}`,
          stream,
          type: 'timeout',
          attributes: { timeout: 0 },
        });
      client.write('meanwhile');
      await delay(300); // waiting for nothing to arrive

      for (const stream of ['upstream', 'downstream'])
        await toxiproxy.updateToxic(name, `silent-${stream}`, { toxicity: 0 });
      await roundTrip('after');
      expect(received).toEqual(['before', 'after']);

      await toxiproxy.removeToxic(name, 'silent-downstream');
      await closed;
    } finally {
      client.destroy();
      echo.close();
      await toxiproxy.deleteProxy(name);
    }
  }, 30_000);

  it('given a proxy that does not exist, then the client fails with Toxiproxy’s reason and the request', async () => {
    await expect(
      toxiproxy.addToxic('no-such-app.postgres', { type: 'latency', attributes: { latency: 1 } }),
    ).rejects.toThrow('Toxiproxy POST /proxies/no-such-app.postgres/toxics: 404 proxy not found');
  });

  it('given a toxic type Toxiproxy does not know, then it is refused and nothing is added', async () => {
    const unknown = { type: 'gremlins', attributes: {} } as unknown as ToxicSpec;

    await expect(toxiproxy.addToxic(smtpHop.name, unknown)).rejects.toThrow(
      '400 invalid toxic type',
    );
    expect((await toxiproxy.proxy(smtpHop.name)).toxics).toEqual([]);
  });

  it('given no Toxiproxy at the address, then the client says so and how to start it', async () => {
    const nowhere = new ToxiproxyClient('http://127.0.0.1:1');

    await expect(nowhere.reset()).rejects.toThrow(
      /Toxiproxy is not reachable at http:\/\/127.0.0.1:1 .*infra\/local\/up toxiproxy/,
    );
  });
});
