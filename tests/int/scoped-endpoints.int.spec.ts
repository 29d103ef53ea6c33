import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signAccessToken } from '@pattern-shop/access-tokens';
import { type AppName, SERVICE_NAMES, WEB_APP } from '@pattern-shop/contracts';
import { LOCAL_INFRA, ServiceProcess } from '@pattern-shop/testing';

/**
 * Every endpoint guarded by a scope, taken from the running apps themselves: each app's
 * /docs-json names the scopes of its guarded routes from the routes' own `RequiresScope`
 * (libs/platform, scoped-routes.ts), so a new guarded route is in this table without an edit.
 */
type ScopedOperation = Readonly<{ method: string; path: string; scopes: readonly string[] }>;
type Document = Readonly<{
  paths: Record<string, Record<string, { 'x-scopes'?: readonly string[] }>>;
}>;

const TOKENS: Readonly<Record<string, string>> = {
  operator: LOCAL_INFRA.operatorToken,
  service: LOCAL_INFRA.serviceToken,
};

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const inAnHour = Math.floor(Date.now() / 1000) + 3600;
/** Claims the operator scope with no signature at all: a verifier that trusts `alg` takes it. */
const ALG_NONE = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: 'mallory', scope: 'operator', exp: inAnHour })}.`;
/** A well-formed customer token, signed with a key that is not the shop's. */
const OTHER_KEY = signAccessToken(
  { scope: 'customer', customerId: 'mallory' },
  { secret: 'another-key-of-thirty-two-characters!', now: new Date(), ttlSeconds: 600 },
);

const scopedOperations = (document: Document): ScopedOperation[] =>
  Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).flatMap(([method, operation]) =>
      operation['x-scopes'] === undefined ? [] : [{ method, path, scopes: operation['x-scopes'] }],
    ),
  );

/** Any value fills a path parameter: the guard answers before any pipe reads it. */
const concrete = (path: string): string => path.replace(/\{[^}]+\}/g, randomUUID());

const call = async (app: ServiceProcess, { method, path }: ScopedOperation, token?: string) => {
  const response = await fetch(`${app.baseUrl}${concrete(path)}`, {
    method: method.toUpperCase(),
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(method === 'get' ? {} : { 'content-type': 'application/json' }),
    },
    ...(method === 'get' ? {} : { body: '{}' }),
  });
  const type = response.headers.get('content-type') ?? '';
  await response.arrayBuffer();
  return `${response.status}${type.startsWith('application/problem+json') ? ' problem' : ''}`;
};

/** What one operation answers to each caller that must be refused. */
const refusals = async (app: ServiceProcess, operation: ScopedOperation) => {
  const wrongScopes = Object.keys(TOKENS).filter((scope) => !operation.scopes.includes(scope));
  return {
    operation: `${operation.method.toUpperCase()} ${operation.path}`,
    'no token': await call(app, operation),
    'alg none': await call(app, operation, ALG_NONE),
    'another key': await call(app, operation, OTHER_KEY),
    ...Object.fromEntries(
      await Promise.all(
        wrongScopes.map(async (scope) => [
          `${scope} token`,
          await call(app, operation, TOKENS[scope]),
        ]),
      ),
    ),
  };
};

const APPS: readonly AppName[] = [...SERVICE_NAMES, WEB_APP.name];
const running: Partial<Record<AppName, ServiceProcess>> = {};
const documents: Partial<Record<AppName, Document>> = {};

beforeAll(async () => {
  for (const app of APPS) running[app] = ServiceProcess.start(app);
  await Promise.all(Object.values(running).map((app) => app.waitUntilReady()));
  for (const app of APPS) {
    const response = await fetch(`${running[app]?.baseUrl ?? ''}/docs-json`);
    documents[app] = (await response.json()) as Document;
  }
}, 120_000);

afterAll(async () => {
  await Promise.all(Object.values(running).map((app) => app.stop()));
}, 60_000);

describe('every endpoint guarded by a scope, from the routes themselves', () => {
  it('given the running apps, then their guarded routes are listed, with the revenue figures among the operator ones', () => {
    const scoped = Object.fromEntries(
      APPS.map((app) => [app, scopedOperations(documents[app] ?? { paths: {} }).length]),
    );
    // Every app that holds staff data guards something; the two that hold none guard nothing.
    for (const app of APPS) {
      expect([app, (scoped[app] ?? 0) > 0]).toEqual([
        app,
        !['email-service', 'realtime-gateway'].includes(app),
      ]);
    }
    const analytics = scopedOperations(documents['analytics-service'] ?? { paths: {} });
    for (const path of ['/analytics/sales', '/analytics/funnel', '/analytics/top-products']) {
      expect(analytics).toContainEqual({ method: 'get', path, scopes: ['operator'] });
    }
  });

  it.each(APPS)(
    'given %s, when each guarded route is called without a valid token or with the wrong scope, then 401 or 403 problem+json',
    async (name) => {
      const app = running[name] as ServiceProcess;
      const operations = scopedOperations(documents[name] ?? { paths: {} });

      const answers = [];
      for (const operation of operations) answers.push(await refusals(app, operation));

      expect(answers).toEqual(
        operations.map((operation) => ({
          operation: `${operation.method.toUpperCase()} ${operation.path}`,
          'no token': '401 problem',
          'alg none': '401 problem',
          'another key': '401 problem',
          ...Object.fromEntries(
            Object.keys(TOKENS)
              .filter((scope) => !operation.scopes.includes(scope))
              .map((scope) => [`${scope} token`, '403 problem']),
          ),
        })),
      );
    },
    60_000,
  );

  it.each(APPS)(
    'given %s, when each guarded read is called with a token of its scope, then the guard lets it through',
    async (name) => {
      const app = running[name] as ServiceProcess;
      const reads = scopedOperations(documents[name] ?? { paths: {} }).filter(
        (operation) => operation.method === 'get',
      );

      const passed = [];
      for (const read of reads) {
        for (const scope of read.scopes) {
          const answer = await call(app, read, TOKENS[scope]);
          passed.push([`${read.path} (${scope})`, !/^40[13]/.test(answer)]);
        }
      }

      expect(passed).toEqual(passed.map(([route]) => [route, true]));
    },
    60_000,
  );

  it('given a customer endpoint, when called with an alg-none token or one signed with another key, then 401; a genuine token, 200', async () => {
    const customerId = `scopes-${randomUUID()}`;
    const orders = `${running['order-service']?.baseUrl ?? ''}/orders?customerId=${customerId}`;
    const withToken = async (token: string) =>
      (await fetch(orders, { headers: { authorization: `Bearer ${token}` } })).status;
    const genuine = signAccessToken(
      { scope: 'customer', customerId },
      { secret: LOCAL_INFRA.accessTokenSecret, now: new Date(), ttlSeconds: 600 },
    );
    const algNoneCustomer = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: customerId, scope: 'customer', exp: inAnHour })}.`;

    expect({
      'alg none': await withToken(algNoneCustomer),
      'another key': await withToken(
        signAccessToken(
          { scope: 'customer', customerId },
          { secret: 'another-key-of-thirty-two-characters!', now: new Date(), ttlSeconds: 600 },
        ),
      ),
      genuine: await withToken(genuine),
    }).toEqual({ 'alg none': 401, 'another key': 401, genuine: 200 });
  });
});

// Here because every app is already running: the page a reader opens to see the same document.
describe('every app renders its OpenAPI document with Swagger UI at /docs', () => {
  it.each(APPS)('given %s, then /docs leads to a page that loads /docs-json', async (app) => {
    const baseUrl = running[app]?.baseUrl ?? '';
    const bare = await fetch(`${baseUrl}/docs`, { redirect: 'manual' });
    const page = await fetch(`${baseUrl}/docs/`);
    const initializer = await (await fetch(`${baseUrl}/docs/swagger-initializer.js`)).text();
    const bundle = await fetch(`${baseUrl}/docs/swagger-ui-bundle.js`);
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/docs/');
    expect(await page.text()).toContain('swagger-ui-bundle.js');
    expect(initializer).toContain("url: '/docs-json'");
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
  });
});
