import type { EntityManager } from 'typeorm';
import { OUTBOX_TABLE } from './outbox.migrations.js';

export type Destination = 'rabbitmq' | 'kafka';
export const DESTINATIONS: readonly Destination[] = ['rabbitmq', 'kafka'];

/** A pending row as the relay reads it; `body` is the envelope as JSON text. */
export type OutboxRow = Readonly<{
  id: string;
  aggregateId: string;
  destination: Destination;
  exchangeOrTopic: string;
  routingKeyOrKafkaKey: string;
  mandatory: boolean;
  messageId: string;
  type: string;
  headers: Readonly<Record<string, string>>;
  body: string;
  attempts: number;
  /** False when the row waits for its next attempt or has used up its attempts. */
  due: boolean;
}>;

/** The rows of one destination and aggregate: the unit whose order the relay keeps. */
export type StreamId = Readonly<{ destination: Destination; aggregateId: string }>;

/** The claim of `claimStreams`: $1 destinations, $2 max attempts, $3 limit. */
const CLAIM_STREAMS_SQL = `SELECT destination, aggregate_id FROM (
       SELECT heads.destination, heads.aggregate_id, heads.id
       FROM unnest($1::text[]) AS wanted(destination)
       CROSS JOIN LATERAL (
         -- A due row with no older pending row in its stream is the stream's head; a stream
         -- with any row under lease is left alone. One probe of the stream's rows checks both.
         SELECT o.destination, o.aggregate_id, o.id FROM ${OUTBOX_TABLE} AS o
         WHERE o.published_at IS NULL AND o.destination = wanted.destination
           AND o.id > 0 -- the predicate of outbox_pending_by_id_idx, which only this walk may use
           AND o.attempts < $2 AND o.next_attempt_at <= now()
           AND NOT EXISTS (SELECT 1 FROM ${OUTBOX_TABLE} AS other
             WHERE other.published_at IS NULL AND other.destination = o.destination
               AND other.aggregate_id = o.aggregate_id
               AND (other.id < o.id OR other.lease_until > now())
             OFFSET 0) -- a probe per row, whatever the statistics say (docs/outbox.md, "Plans that do not trust the statistics, and vacuum")
         ORDER BY o.id
         -- Room for streams another relay is locking right now.
         LIMIT $3 * 2
       ) AS heads
       -- Destinations take turns (each one's oldest stream, then each one's second oldest...),
       -- so a backlog on one broker never crowds the other out of a batch.
       ORDER BY row_number() OVER (PARTITION BY heads.destination ORDER BY heads.id), heads.id
       OFFSET 0 -- a fence: without it the planner evaluates the lock on every row, before sorting
     ) AS due
     WHERE pg_try_advisory_xact_lock(hashtextextended('outbox:' || destination || ':' || aggregate_id, 0))
     LIMIT $3`;

/**
 * The lease of `leaseClaimedRows`: $1 and $2 the claimed streams' destinations and aggregate ids,
 * $3 max attempts, $4 limit, $5 the lease token, $6 the lease in milliseconds.
 */
const LEASE_ROWS_SQL = `WITH picked AS (
       -- From each claimed stream to its rows, so each is an index probe of its own stream.
       SELECT o.id FROM unnest($1::text[], $2::text[]) AS claimed(destination, aggregate_id)
       CROSS JOIN LATERAL (
         SELECT o.id FROM ${OUTBOX_TABLE} AS o
         WHERE o.published_at IS NULL AND o.destination = claimed.destination
           AND o.aggregate_id = claimed.aggregate_id
           AND NOT EXISTS (SELECT 1 FROM ${OUTBOX_TABLE} AS leased
             WHERE leased.published_at IS NULL AND leased.destination = claimed.destination
               AND leased.aggregate_id = claimed.aggregate_id AND leased.lease_until > now()
             OFFSET 0)
         OFFSET 0 -- fences, as in the claim: per stream, whatever the statistics say
       ) AS o
       ORDER BY o.id
       LIMIT $4
     )
     UPDATE ${OUTBOX_TABLE} AS o
     SET lease_token = $5, lease_until = clock_timestamp() + make_interval(secs => $6 / 1000.0)
     FROM picked WHERE o.id = picked.id
     RETURNING o.id::text, o.aggregate_id, o.destination, o.exchange_or_topic,
       o.routing_key_or_kafka_key, o.mandatory, o.message_id::text, o.type, o.headers,
       o.payload::text AS body, o.attempts, (o.attempts < $3 AND o.next_attempt_at <= now()) AS due`;

/**
 * Picks up to `limit` streams whose oldest pending row is due and not leased (oldest first within
 * each destination, the destinations taking turns), each under a transaction-scoped advisory
 * lock, skipping streams another relay is claiming at this moment. The lock is taken in the outer
 * query, after the ordering, so only the streams returned are locked; it lives only as long as the
 * short claiming transaction, the lease (`leaseClaimedRows`) is what keeps the stream afterwards.
 * Pending rows are found by `published_at IS NULL`, never by "id above the last one seen": ids
 * are handed out before commit, so a row with a smaller id can commit after a larger one.
 * Each destination's pending rows are walked in id order (`outbox_pending_by_id_idx`) and the
 * walk stops once it has found enough heads, so a claim costs about the batch, not the backlog
 * (docs/outbox.md, "Claiming").
 */
export const claimStreams = async (
  tx: EntityManager,
  {
    destinations,
    limit,
    maxAttempts,
  }: { destinations: readonly Destination[]; limit: number; maxAttempts: number },
): Promise<StreamId[]> => {
  const rows: { destination: Destination; aggregate_id: string }[] = await tx.query(
    CLAIM_STREAMS_SQL,
    [destinations, maxAttempts, limit],
  );
  return rows.map((row) => ({ destination: row.destination, aggregateId: row.aggregate_id }));
};

export type Lease = Readonly<{ token: string; leaseMs: number }>;

/**
 * Leases the pending rows of the claimed streams (up to `limit`, in id order) to `lease.token`
 * until `lease.leaseMs` from now, and returns them in id order. A statement of its own, after the
 * locks: it sees every lease another relay committed before releasing a stream. A stream with any
 * row still under lease is left alone, so a row committed later never overtakes a leased one.
 */
export const leaseClaimedRows = async (
  tx: EntityManager,
  streams: readonly StreamId[],
  { limit, maxAttempts, lease }: { limit: number; maxAttempts: number; lease: Lease },
): Promise<OutboxRow[]> => {
  const [rows]: [RawRow[]] = await tx.query(LEASE_ROWS_SQL, [
    streams.map((s) => s.destination),
    streams.map((s) => s.aggregateId),
    maxAttempts,
    limit,
    lease.token,
    lease.leaseMs,
  ]);
  return inIdOrder(rows);
};

/**
 * `claimStreams` then `leaseClaimedRows` for `destinations`, in one round trip and one
 * transaction: the function `outbox_claim_then_lease` (outbox.migrations.ts) runs the two
 * statements, each with its own snapshot as in a transaction of two. A batch's claim cost five
 * round trips (begin, claim, lease, commit, then the mark); this leaves two.
 */
export const claimThenLease = async (
  db: Pick<EntityManager, 'query'>,
  {
    destinations,
    limit,
    maxAttempts,
    lease,
  }: { destinations: readonly Destination[]; limit: number; maxAttempts: number; lease: Lease },
): Promise<OutboxRow[]> =>
  inIdOrder(
    await db.query(`SELECT * FROM outbox_claim_then_lease($1, $2, $3::text[], $4, $5, $6, $7)`, [
      CLAIM_STREAMS_SQL,
      LEASE_ROWS_SQL,
      destinations,
      limit,
      maxAttempts,
      lease.token,
      lease.leaseMs,
    ]),
  );

// RETURNING promises no order; the relay publishes each stream in id order.
const inIdOrder = (rows: readonly RawRow[]): OutboxRow[] =>
  rows
    .map(fromRaw)
    .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : BigInt(a.id) > BigInt(b.id) ? 1 : 0));

/** Extends the token's lease by `leaseMs` from now; false when it holds no row any more. */
export const renewLease = async (
  db: Pick<EntityManager, 'query'>,
  { token, leaseMs }: Lease,
): Promise<boolean> => {
  const [, count]: [unknown, number] = await db.query(
    `UPDATE ${OUTBOX_TABLE} SET lease_until = clock_timestamp() + make_interval(secs => $2 / 1000.0)
     WHERE lease_token = $1 AND published_at IS NULL`,
    [token, leaseMs],
  );
  return count > 0;
};

/**
 * Gives back the rows of `ids` that a relay leased and did not publish, so the next batch may
 * take them at once. Only the token's own rows: a lease that ran out and was taken over is no
 * longer this relay's. By id, so it reads only those rows, not every pending one.
 */
export const releaseLease = async (
  tx: Pick<EntityManager, 'query'>,
  token: string,
  ids: readonly string[],
): Promise<void> => {
  await tx.query(
    `UPDATE ${OUTBOX_TABLE} SET lease_token = NULL, lease_until = NULL
     WHERE id = ANY($2::bigint[]) AND lease_token = $1 AND published_at IS NULL`,
    [token, ids],
  );
};

/**
 * Marks rows published, each in the same statement (no transaction needed); returns, per row
 * marked, the seconds from its transaction to now. A row another relay already marked (it took
 * over an expired lease) keeps its first mark.
 */
export const markPublished = async (
  db: Pick<EntityManager, 'query'>,
  ids: readonly string[],
): Promise<{ destination: Destination; latencySeconds: number }[]> => {
  if (ids.length === 0) return [];
  const [rows]: [{ destination: Destination; latency_seconds: number }[]] = await db.query(
    `UPDATE ${OUTBOX_TABLE} SET published_at = clock_timestamp()
     WHERE id = ANY($1::bigint[]) AND published_at IS NULL
     RETURNING destination, EXTRACT(EPOCH FROM clock_timestamp() - created_at)::float8 AS latency_seconds`,
    [ids],
  );
  return rows.map((row) => ({ destination: row.destination, latencySeconds: row.latency_seconds }));
};

export type FailedAttempt = Readonly<{ id: string; error: string; retryInMs: number }>;

/** Counts a failed attempt on rows the token still holds; a lease taken over is not its to count. */
export const recordFailures = async (
  tx: EntityManager,
  token: string,
  failures: readonly FailedAttempt[],
) => {
  if (failures.length === 0) return;
  await tx.query(
    `UPDATE ${OUTBOX_TABLE} AS o
     SET attempts = o.attempts + 1, last_error = f.error,
         next_attempt_at = clock_timestamp() + make_interval(secs => f.retry_in_ms / 1000.0)
     FROM jsonb_to_recordset($1::jsonb) AS f(id bigint, error text, retry_in_ms float8)
     WHERE o.id = f.id AND o.lease_token = $2`,
    [
      JSON.stringify(failures.map((f) => ({ id: f.id, error: f.error, retry_in_ms: f.retryInMs }))),
      token,
    ],
  );
};

type RawRow = {
  id: string;
  aggregate_id: string;
  destination: Destination;
  exchange_or_topic: string;
  routing_key_or_kafka_key: string;
  mandatory: boolean;
  message_id: string;
  type: string;
  headers: Record<string, string>;
  body: string;
  attempts: number;
  due: boolean;
};

const fromRaw = (raw: RawRow): OutboxRow => ({
  id: raw.id,
  aggregateId: raw.aggregate_id,
  destination: raw.destination,
  exchangeOrTopic: raw.exchange_or_topic,
  routingKeyOrKafkaKey: raw.routing_key_or_kafka_key,
  mandatory: raw.mandatory,
  messageId: raw.message_id,
  type: raw.type,
  headers: raw.headers,
  body: raw.body,
  attempts: raw.attempts,
  due: raw.due,
});

/**
 * After a broker came back: rows of its destination that were waiting out their backoff are due
 * at once. The backoff protected the broker while it was away; now it would only delay the backlog.
 */
export const makeWaitingRowsDue = async (
  db: Pick<EntityManager, 'query'>,
  destination: Destination,
  maxAttempts: number,
): Promise<void> => {
  await db.query(
    `UPDATE ${OUTBOX_TABLE} SET next_attempt_at = now()
     WHERE destination = $1 AND published_at IS NULL AND attempts < $2 AND next_attempt_at > now()`,
    [destination, maxAttempts],
  );
};
