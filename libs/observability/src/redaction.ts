import type { Attributes } from '@opentelemetry/api';

/** What a secret is replaced with, in span attributes and log lines alike. */
export const REDACTED = '[REDACTED]';

/** Query parameters that carry a credential: an access token, or an SSE ticket that stands for one. */
export const SECRET_QUERY_PARAMETERS = ['token', 'ticket', 'access_token'] as const;

// `(^|[?&])` also matches `url.query`, which comes without its `?`.
const SECRET_PARAMETER = new RegExp(
  `(^|[?&])(${SECRET_QUERY_PARAMETERS.join('|')})=[^&#\\s"']*`,
  'gi',
);
const BEARER_CREDENTIAL = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const CREDENTIAL_KEY = /authorization|cookie/i;

/**
 * `text` with the value of every secret query parameter and every `Bearer …` credential
 * replaced, e.g. `/orders/1/events?ticket=abc&x=1` becomes `/orders/1/events?ticket=[REDACTED]&x=1`.
 */
export const redactSecrets = (text: string): string =>
  text.replace(SECRET_PARAMETER, `$1$2=${REDACTED}`).replace(BEARER_CREDENTIAL, `$1 ${REDACTED}`);

/**
 * Span attributes with their secrets redacted: every string value (so `url.full`, `url.query`,
 * `http.target`, `http.url` and any attribute added later), and the whole value of any attribute
 * named after a credential header (`http.request.header.authorization`). Unchanged attributes
 * are returned as they are.
 */
export const redactAttributes = (attributes: Attributes): Attributes => {
  let redacted: Attributes | undefined;
  for (const [key, value] of Object.entries(attributes)) {
    const safe = CREDENTIAL_KEY.test(key)
      ? REDACTED
      : typeof value === 'string'
        ? redactSecrets(value)
        : Array.isArray(value)
          ? value.map((item) => (typeof item === 'string' ? redactSecrets(item) : item))
          : value;
    if (safe === value || (Array.isArray(value) && sameItems(value, safe as unknown[]))) continue;
    redacted ??= { ...attributes };
    redacted[key] = safe as Attributes[string];
  }
  return redacted ?? attributes;
};

const sameItems = (a: readonly unknown[], b: readonly unknown[]): boolean =>
  a.length === b.length && a.every((item, i) => item === b[i]);

/** Log fields that hold a credential, for pino's `redact` (its paths name each level). */
export const SECRET_LOG_PATHS = [
  ...['authorization', 'token', 'ticket', 'accessToken', 'access_token'].flatMap((field) => [
    field,
    `*.${field}`,
  ]),
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
];
