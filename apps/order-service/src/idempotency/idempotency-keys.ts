import { createHash } from 'node:crypto';

export type StoredAnswer = Readonly<{ status: number; body: unknown }>;

export type KeyClaim =
  | Readonly<{ kind: 'claimed'; token: string }>
  | Readonly<{ kind: 'replay'; answer: StoredAnswer }>
  | Readonly<{ kind: 'used-for-another-request' }>
  | Readonly<{ kind: 'in-flight'; retryAfterSeconds: number }>;

/** What an earlier request with the same key left behind. */
export type EarlierAnswer = Exclude<KeyClaim, { kind: 'claimed' }>;

export type KeyRef = Readonly<{ customerId: string; key: string }>;

/** Same request, same hash: keys are sorted so `{a,b}` and `{b,a}` are one request. */
export const requestHash = (body: unknown): string =>
  createHash('sha256').update(canonicalJson(body)).digest('hex');

const canonicalJson = (value: unknown): string =>
  Array.isArray(value)
    ? `[${value.map(canonicalJson).join(',')}]`
    : value !== null && typeof value === 'object'
      ? `{${Object.keys(value)
          .sort()
          .map(
            (key) =>
              `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`,
          )
          .join(',')}}`
      : JSON.stringify(value);
