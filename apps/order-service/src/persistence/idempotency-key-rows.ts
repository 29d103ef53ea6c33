import type { EntityManager } from 'typeorm';
import type {
  EarlierAnswer,
  KeyClaim,
  KeyRef,
  StoredAnswer,
} from '../idempotency/idempotency-keys.js';

// The only reader and writer of idempotency_keys; claim-or-wait and place-order call it.

/**
 * Claims the key, committed on its own before any work, for `holdMs` (the request's deadline).
 * An expired claim that never got an answer is taken over: its request was rolled back. A claim
 * released between the insert and the read (its request failed) leaves the key free: try again.
 */
export const claimKey = async (
  db: EntityManager,
  ref: KeyRef,
  claim: Readonly<{ hash: string; token: string; holdMs: number }>,
): Promise<KeyClaim> => {
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    const outcome = await claimOnce(db, ref, claim);
    if (outcome !== undefined) return outcome;
  }
  throw new Error('idempotency key released under three claims in a row');
};

const claimOnce = async (
  db: EntityManager,
  { customerId, key }: KeyRef,
  claim: Readonly<{ hash: string; token: string; holdMs: number }>,
): Promise<KeyClaim | undefined> => {
  const won: unknown[] = await db.query(
    `INSERT INTO idempotency_keys AS k
       (customer_id, idempotency_key, request_hash, claim_token, claim_expires_at)
     VALUES ($1, $2, $3, $4, clock_timestamp() + make_interval(secs => $5::float8 / 1000))
     ON CONFLICT (customer_id, idempotency_key) DO UPDATE
       SET claim_token = EXCLUDED.claim_token, claim_expires_at = EXCLUDED.claim_expires_at
       WHERE k.response_status IS NULL AND k.request_hash = EXCLUDED.request_hash
         AND k.claim_expires_at < clock_timestamp()
     RETURNING claim_token`,
    [customerId, key, claim.hash, claim.token, claim.holdMs],
  );
  if (won.length === 1) return { kind: 'claimed', token: claim.token };
  return findAnswer(db, { customerId, key }, claim.hash);
};

/** What an earlier request with this key decided, or that it is still working on it. */
export const findAnswer = async (
  db: EntityManager,
  { customerId, key }: KeyRef,
  hash: string,
): Promise<EarlierAnswer | undefined> => {
  const rows: KeyRow[] = await db.query(
    `SELECT request_hash, response_status, response_body,
       greatest(1, ceil(extract(epoch FROM claim_expires_at - clock_timestamp())))::int
         AS retry_after_seconds
     FROM idempotency_keys WHERE customer_id = $1 AND idempotency_key = $2`,
    [customerId, key],
  );
  const row = rows[0];
  if (row === undefined) return undefined;
  if (row.request_hash !== hash) return { kind: 'used-for-another-request' };
  if (row.response_status === null)
    return { kind: 'in-flight', retryAfterSeconds: row.retry_after_seconds ?? 1 };
  return { kind: 'replay', answer: { status: row.response_status, body: row.response_body } };
};

/**
 * Makes `answer` the key's answer for good, only while this request's claim holds: past its
 * deadline it returns false and the caller rolls back, because the client may already be retrying.
 */
export const storeAnswer = async (
  db: EntityManager,
  { customerId, key }: KeyRef,
  token: string,
  answer: StoredAnswer,
): Promise<boolean> => {
  // A bare UPDATE answers [rows, count] through TypeORM; wrapped in a CTE it answers rows.
  const stored: unknown[] = await db.query(
    `WITH kept AS (
       UPDATE idempotency_keys SET response_status = $4, response_body = $5
       WHERE customer_id = $1 AND idempotency_key = $2 AND claim_token = $3
         AND response_status IS NULL AND clock_timestamp() < claim_expires_at
       RETURNING 1)
     SELECT * FROM kept`,
    [customerId, key, token, answer.status, JSON.stringify(answer.body)],
  );
  return stored.length === 1;
};

/** Gives an unanswered claim back, so a retry need not wait for it to expire. */
export const releaseClaim = async (
  db: EntityManager,
  { customerId, key }: KeyRef,
  token: string,
): Promise<void> => {
  await db.query(
    `DELETE FROM idempotency_keys
     WHERE customer_id = $1 AND idempotency_key = $2 AND claim_token = $3
       AND response_status IS NULL`,
    [customerId, key, token],
  );
};

/**
 * Deletes up to `limit` keys created before `before` (the oldest first), except a claim still
 * held; returns how many. SKIP LOCKED lets instances prune at once without waiting on each other.
 */
export const deleteKeysCreatedBefore = async (
  db: EntityManager,
  before: Date,
  limit: number,
): Promise<number> => {
  const [deleted]: { n: number }[] = await db.query(
    `WITH old AS (
       SELECT customer_id, idempotency_key FROM idempotency_keys
       WHERE created_at < $1
         AND (response_status IS NOT NULL OR claim_expires_at < clock_timestamp())
       ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED),
     gone AS (
       DELETE FROM idempotency_keys k USING old
       WHERE k.customer_id = old.customer_id AND k.idempotency_key = old.idempotency_key
       RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    [before, limit],
  );
  return deleted?.n ?? 0;
};

type KeyRow = {
  request_hash: string;
  response_status: number | null;
  response_body: unknown;
  retry_after_seconds: number | null;
};
