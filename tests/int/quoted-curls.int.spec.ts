import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AppName, portOf } from '@pattern-shop/contracts';
import { infra, repoRoot, ServiceProcess } from '@pattern-shop/testing';
import { docPages } from './support/doc-pages.js';
import { extractCurlRequests, type QuotedRequest } from './support/quoted-curls.js';

const root = repoRoot();

const quotedRequests = (): QuotedRequest[] => {
  const seen = new Map<string, QuotedRequest>();
  for (const file of docPages(root))
    for (const request of extractCurlRequests(file, readFileSync(join(root, file), 'utf8'))) {
      const key = `${request.app} ${request.method} ${request.path}`;
      if (!seen.has(key)) seen.set(key, request);
    }
  return [...seen.values()];
};

/**
 * Whether the app has a route for the request. It is sent bare (no token, no body), so it changes
 * nothing: a route answers 400, 401, 403, 404 for a missing thing, or 200 for a read; only a route
 * that does not exist makes Nest answer 404 "Cannot <METHOD> <path>".
 */
const routeMissing = async (
  app: AppName,
  method: string,
  path: string,
): Promise<string | undefined> => {
  const response = await fetch(`http://127.0.0.1:${portOf(app)}${path}`, {
    method,
    redirect: 'manual',
    signal: AbortSignal.timeout(10_000),
  });
  if (response.status !== 404) {
    await response.body?.cancel();
    return undefined;
  }
  const body = await response.text();
  return /Cannot (GET|POST|PUT|PATCH|DELETE) /.test(body)
    ? `${response.status} ${body}`
    : undefined;
};

describe('the curl commands the docs quote, asked of the apps', () => {
  const requests = quotedRequests();
  const apps: ServiceProcess[] = [];

  beforeAll(async () => {
    await infra('up');
    for (const app of new Set(requests.map((r) => r.app))) apps.push(ServiceProcess.start(app));
    await Promise.all(apps.map((app) => app.waitUntilReady(90_000)));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
  }, 60_000);

  it('given README.md and docs/**/*.md, when each quoted request is sent bare to its app, then the app has that route', async () => {
    const missing: string[] = [];
    for (const request of requests) {
      const why = await routeMissing(request.app, request.method, request.path);
      if (why !== undefined)
        missing.push(
          `${request.file}:${request.line}: ${request.method} ${request.path} (${request.app}): ${why}`,
        );
    }

    expect(requests.length).toBeGreaterThan(15);
    expect(missing).toEqual([]);
  }, 120_000);

  it('given a route no app has, when sent the same way, then it is found missing', async () => {
    const [first] = requests;
    if (first === undefined) throw new Error('no quoted request');

    expect(await routeMissing(first.app, 'GET', '/no-such-route')).toMatch(/^404 .*Cannot GET/);
  });
});
