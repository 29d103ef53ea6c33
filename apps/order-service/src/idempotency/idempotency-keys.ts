import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';

export type StoredAnswer = Readonly<{ status: number; body: unknown }>;

export type KeyClaim =
  | Readonly<{ kind: 'claimed' }>
  | Readonly<{ kind: 'replay'; answer: StoredAnswer }>
  | Readonly<{ kind: 'used-for-another-request' }>;

/** What an earlier request with the same key left behind. */
export type EarlierAnswer = Exclude<KeyClaim, { kind: 'claimed' }>;

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

/** What an earlier request with this key decided, if it finished; read outside any transaction. */
export const findAnswer = async (
  db: EntityManager,
  customerId: string,
  key: string,
  hash: string,
): Promise<EarlierAnswer | undefined> => {
  const rows: { request_hash: string; response_status: number | null; response_body: unknown }[] =
    await db.query(
      `SELECT request_hash, response_status, response_body FROM idempotency_keys
      WHERE customer_id = $1 AND idempotency_key = $2`,
      [customerId, key],
    );
  return rows[0] === undefined ? undefined : toClaim(rows[0], hash);
};

/**
 * Claims the key inside the caller's transaction. A concurrent request with the same key waits
 * on the primary key until the first one commits, then sees its stored answer: one order, ever.
 */
export const claimKey = async (
  tx: EntityManager,
  customerId: string,
  key: string,
  hash: string,
): Promise<KeyClaim> => {
  const inserted: unknown[] = await tx.query(
    `INSERT INTO idempotency_keys (customer_id, idempotency_key, request_hash) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING RETURNING idempotency_key`,
    [customerId, key, hash],
  );
  if (inserted.length === 1) return { kind: 'claimed' };
  const existing = await findAnswer(tx, customerId, key, hash);
  if (existing === undefined) throw new Error('idempotency key vanished while claiming it');
  return existing;
};

export const storeAnswer = async (
  tx: EntityManager,
  customerId: string,
  key: string,
  answer: StoredAnswer,
): Promise<void> => {
  await tx.query(
    `UPDATE idempotency_keys SET response_status = $3, response_body = $4 WHERE customer_id = $1 AND idempotency_key = $2`,
    [customerId, key, answer.status, JSON.stringify(answer.body)],
  );
};

const toClaim = (
  row: { request_hash: string; response_status: number | null; response_body: unknown },
  hash: string,
): EarlierAnswer => {
  if (row.request_hash !== hash) return { kind: 'used-for-another-request' };
  if (row.response_status === null) throw new Error('idempotency key claimed but never answered');
  return { kind: 'replay', answer: { status: row.response_status, body: row.response_body } };
};
