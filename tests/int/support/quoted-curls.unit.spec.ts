import { describe, expect, it } from '@jest/globals';
import { extractCurlRequests, SAMPLE_SEGMENT } from './quoted-curls.js';

const only = (markdown: string) => extractCurlRequests('page.md', markdown);

describe('extractCurlRequests', () => {
  it('given a fenced curl with -X and a shell variable in the path, then the method, the app and a sample path', () => {
    const [request, ...more] = only(
      '```sh\ncurl -s -H "$T" -X POST "http://127.0.0.1:3001/sagas/$ORDER/retry"   # resume\n```',
    );
    expect(more).toEqual([]);
    expect(request).toMatchObject({
      line: 2,
      app: 'order-service',
      method: 'POST',
      path: `/sagas/${SAMPLE_SEGMENT}/retry`,
    });
  });

  it('given a body and no -X, then POST, as curl sends it; a query string is not part of the path', () => {
    expect(
      only('```\ncurl -s http://127.0.0.1:3007/admin/behaviour?x=1 -d \'{"errorRate":1}\'\n```'),
    ).toMatchObject([{ app: 'payment-provider', method: 'POST', path: '/admin/behaviour' }]);
  });

  it('given a command substitution with spaces inside the URL, then it is one segment of the path', () => {
    expect(
      only(
        '```\ncurl -sN "http://127.0.0.1:3006/orders/$(jq -r .orderId /tmp/order.json)/events?access_token=$(jq -r .accessToken /tmp/o.json)"\n```',
      ),
    ).toMatchObject([
      { app: 'realtime-gateway', method: 'GET', path: `/orders/${SAMPLE_SEGMENT}/events` },
    ]);
  });

  it('given a continued line and an inline span, then both are found; servers that are not apps are left out', () => {
    const requests = only(
      [
        '```',
        'curl -s -X PUT http://127.0.0.1:3002/products/RARE-020/stock \\',
        "  -H 'content-type: application/json' -d '{\"stock\":1}'",
        'curl -s localhost:8474/proxies',
        'curl -s http://127.0.0.1:9090/api/v1/query',
        '```',
        'Read it with `curl -s http://127.0.0.1:3005/jobs/runs`.',
      ].join('\n'),
    );
    expect(requests.map((r) => `${r.method} ${r.app} ${r.path}`)).toEqual([
      'PUT inventory-service /products/RARE-020/stock',
      'GET analytics-service /jobs/runs',
    ]);
  });

  it('given -d inside a command substitution, then it is not a body: still GET', () => {
    expect(
      only(
        '`curl -s "http://127.0.0.1:3005/analytics/funnel?from=$(date -u +%F)&to=$(date -u -d tomorrow +%F)"`',
      ),
    ).toMatchObject([{ method: 'GET', path: '/analytics/funnel' }]);
  });

  it('given <placeholder> in a path, then a sample value in its place', () => {
    expect(only('`curl http://127.0.0.1:3001/orders/<orderId>`')).toMatchObject([
      { path: `/orders/${SAMPLE_SEGMENT}` },
    ]);
  });
});
