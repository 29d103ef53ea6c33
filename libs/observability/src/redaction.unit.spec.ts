import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { createLogger } from './logger.js';
import { redactAttributes, redactSecrets } from './redaction.js';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjLTEifQ.c2lnbmF0dXJl';

describe('redacting credentials from span attributes and log lines', () => {
  it('given a URL or a query with a token, a ticket or an access_token, then only their values are redacted', () => {
    expect(redactSecrets(`/orders/1/events?ticket=t-1&x=1`)).toBe(
      '/orders/1/events?ticket=[REDACTED]&x=1',
    );
    expect(redactSecrets(`access_token=${TOKEN}`)).toBe('access_token=[REDACTED]');
    expect(redactSecrets(`http://h:1/p?a=1&TOKEN=${TOKEN}#f`)).toBe(
      'http://h:1/p?a=1&TOKEN=[REDACTED]#f',
    );
    expect(redactSecrets('/orders?mytoken=1&tickets=2')).toBe('/orders?mytoken=1&tickets=2');
  });

  it('given a Bearer credential anywhere in a value, then it is redacted', () => {
    expect(redactSecrets(`GET failed (Authorization: Bearer ${TOKEN})`)).toBe(
      'GET failed (Authorization: Bearer [REDACTED])',
    );
  });

  it('given span attributes, then url.full, url.query, http.target, http.url and credential headers are redacted, the rest kept', () => {
    const attributes = {
      'url.full': `http://127.0.0.1:3006/orders/1/events?ticket=abc`,
      'url.query': `access_token=${TOKEN}`,
      'http.target': `/orders/1/events?token=${TOKEN}`,
      'http.url': `http://127.0.0.1:3006/orders/1/events?ticket=abc&last=2`,
      'http.request.header.authorization': [`Bearer ${TOKEN}`],
      'url.path': '/orders/1/events',
      'http.response.status_code': 200,
    };

    expect(redactAttributes(attributes)).toEqual({
      'url.full': 'http://127.0.0.1:3006/orders/1/events?ticket=[REDACTED]',
      'url.query': 'access_token=[REDACTED]',
      'http.target': '/orders/1/events?token=[REDACTED]',
      'http.url': 'http://127.0.0.1:3006/orders/1/events?ticket=[REDACTED]&last=2',
      'http.request.header.authorization': '[REDACTED]',
      'url.path': '/orders/1/events',
      'http.response.status_code': 200,
    });
    const clean = { 'url.path': '/x' };
    expect(redactAttributes(clean)).toBe(clean);
  });

  it('given a log line with a token field or an Authorization header, then the file gets [REDACTED]', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()),
    });
    const logger = createLogger('test', 'info', sink);

    logger.info({ token: TOKEN, request: { headers: { authorization: `Bearer ${TOKEN}` } } }, 'x');

    expect(lines.join('')).not.toContain(TOKEN);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      token: '[REDACTED]',
      request: { headers: { authorization: '[REDACTED]' } },
    });
  });
});
