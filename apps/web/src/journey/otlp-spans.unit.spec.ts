import { describe, expect, it } from '@jest/globals';
import { spansOfOtlpRequest } from './otlp-spans.js';

describe('decoding an OTLP/HTTP JSON export', () => {
  it('given an export from one service, when decoded, then each span has its service, times, status and typed attributes', () => {
    const spans = spansOfOtlpRequest({
      resourceSpans: [
        {
          resource: {
            attributes: [{ key: 'service.name', value: { stringValue: 'order-service' } }],
          },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: 't1',
                  spanId: 's1',
                  parentSpanId: '',
                  name: 'POST /orders',
                  kind: 2,
                  startTimeUnixNano: '1700000000000000000',
                  endTimeUnixNano: '1700000000012500000',
                  status: { code: 2, message: 'boom' },
                  attributes: [
                    { key: 'http.route', value: { stringValue: '/orders' } },
                    { key: 'http.response.status_code', value: { intValue: '202' } },
                    { key: 'flag', value: { boolValue: true } },
                  ],
                },
                { spanId: 'no-trace', name: 'skipped' },
              ],
            },
          ],
        },
      ],
    });
    expect(spans).toEqual([
      {
        service: 'order-service',
        traceId: 't1',
        spanId: 's1',
        parentSpanId: undefined,
        name: 'POST /orders',
        kind: 2,
        startMs: 1_700_000_000_000,
        endMs: 1_700_000_000_012.5,
        failed: true,
        statusMessage: 'boom',
        attributes: { 'http.route': '/orders', 'http.response.status_code': 202, flag: true },
      },
    ]);
  });

  it('given something that is not an export, when decoded, then there are no spans', () => {
    expect(spansOfOtlpRequest('nope')).toEqual([]);
    expect(spansOfOtlpRequest(null)).toEqual([]);
  });
});
