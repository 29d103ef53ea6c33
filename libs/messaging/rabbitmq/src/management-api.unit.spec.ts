import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  getManagementJson,
  ManagementApiError,
  managementAuthorization,
} from './management-api.js';

/** A stand-in management API that answers each request with the next status of a script. */
describe('getManagementJson', () => {
  let server: Server;
  let base: string;
  let script: number[] = [];
  let asked = 0;

  beforeAll(async () => {
    server = createServer((_request, response) => {
      asked++;
      const status = script.shift() ?? 200;
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(status === 200 ? [{ name: 'q', messages: 3 }] : { error: 'x' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const get = (statuses: number[]) => {
    script = [...statuses];
    asked = 0;
    return getManagementJson(`${base}/api/queues/%2F`, {
      authorization: 'Basic x',
      sleep: async () => undefined,
    });
  };

  it('given one 500 (the statistics cache race), when read, then it asks again and returns the answer', async () => {
    await expect(get([500])).resolves.toEqual([{ name: 'q', messages: 3 }]);
    expect(asked).toBe(2);
  });

  it('given 500 three times, when read, then it fails with the status after three attempts', async () => {
    const failure = get([500, 503, 500]);
    await expect(failure).rejects.toBeInstanceOf(ManagementApiError);
    await expect(failure).rejects.toMatchObject({ status: 500 });
    expect(asked).toBe(3);
  });

  it('given a 401, when read, then it fails at once: asking again cannot help', async () => {
    await expect(get([401])).rejects.toMatchObject({ status: 401 });
    expect(asked).toBe(1);
  });

  it('given an AMQP URL with escaped credentials, then the authorization carries them decoded', () => {
    const header = managementAuthorization('amqp://sh%40p:p%3Ass@127.0.0.1:5672');
    expect(Buffer.from(header.replace('Basic ', ''), 'base64').toString()).toBe('sh@p:p:ss');
  });
});
