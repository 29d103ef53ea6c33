import type { MigrationInterface, QueryRunner } from 'typeorm';

export const OUTBOX_TABLE = 'outbox';

/**
 * `outbox`: one row per message and destination, written in the business transaction and
 * published by the relay. `payload` is the whole envelope; `exchange_or_topic` and
 * `routing_key_or_kafka_key` say where it goes on its broker. The partial index holds only
 * pending rows, in the order the relay reads them (per destination and aggregate, by id), so it
 * stays small however many rows were published.
 */
export class CreateOutbox1763900000000 implements MigrationInterface {
  name = 'CreateOutbox1763900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE ${OUTBOX_TABLE} (
        id bigserial PRIMARY KEY,
        aggregate_id text NOT NULL,
        destination text NOT NULL CHECK (destination IN ('rabbitmq', 'kafka')),
        exchange_or_topic text NOT NULL,
        routing_key_or_kafka_key text NOT NULL,
        mandatory boolean NOT NULL DEFAULT false,
        message_id uuid NOT NULL,
        type text NOT NULL,
        headers jsonb NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT outbox_message_once UNIQUE (message_id, destination, exchange_or_topic)
      )`);
    await runner.query(
      `CREATE INDEX outbox_pending_idx ON ${OUTBOX_TABLE} (destination, aggregate_id, id)
       WHERE published_at IS NULL`,
    );
    await runner.query(
      `CREATE INDEX outbox_published_at_idx ON ${OUTBOX_TABLE} (published_at)
       WHERE published_at IS NOT NULL`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE ${OUTBOX_TABLE}`);
  }
}

/**
 * A relay leases the rows it publishes (`lease_token`, `lease_until`) in a short transaction and
 * publishes outside any transaction, so no connection waits on a broker; a crashed relay's
 * lease runs out and another relay takes the rows over.
 */
export class LeaseOutboxRows1796300000000 implements MigrationInterface {
  name = 'LeaseOutboxRows1796300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE ${OUTBOX_TABLE} ADD COLUMN lease_token uuid, ADD COLUMN lease_until timestamptz`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE ${OUTBOX_TABLE} DROP COLUMN lease_token, DROP COLUMN lease_until`,
    );
  }
}

/**
 * Pending rows in id order per destination: the relay walks them oldest first and stops once it
 * has a batch of stream heads, instead of sorting every pending row on each claim.
 */
export class OutboxPendingById1796400000000 implements MigrationInterface {
  name = 'OutboxPendingById1796400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE INDEX outbox_pending_by_id_idx ON ${OUTBOX_TABLE} (destination, id)
       WHERE published_at IS NULL`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX outbox_pending_by_id_idx`);
  }
}

/**
 * The outbox is a queue in a table: every row is inserted, leased and marked, so each published
 * row leaves dead versions and dead entries in the pending indexes, which the relay's claim walks
 * past until vacuum removes them. Vacuumed after a fixed number of dead rows, not a fifth of the
 * table, and without the cost delay, so that a relay under load does not slow itself down
 * (docs/outbox.md, "Plans that do not trust the statistics, and vacuum").
 */
export class OutboxVacuumedOften1796500000000 implements MigrationInterface {
  name = 'OutboxVacuumedOften1796500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE ${OUTBOX_TABLE} SET (autovacuum_vacuum_scale_factor = 0,
         autovacuum_vacuum_threshold = 2000, autovacuum_vacuum_cost_delay = 0,
         autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 2000)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE ${OUTBOX_TABLE} RESET (autovacuum_vacuum_scale_factor,
         autovacuum_vacuum_threshold, autovacuum_vacuum_cost_delay,
         autovacuum_analyze_scale_factor, autovacuum_analyze_threshold)`,
    );
  }
}

/**
 * `outbox_pending_by_id_idx` again, usable only by a query that says `id > 0` (the claim's walk).
 * Pending rows are few at rest, so the statistics say so, and with a backlog the planner then
 * saw both pending indexes as equally cheap for a stream's probe and took this one, scanning a
 * whole destination per probe: claims of 250 ms and leases of a minute (docs/outbox.md, "Plans that do not trust the statistics, and vacuum").
 */
export class OutboxPendingByIdForTheWalkOnly1796600000000 implements MigrationInterface {
  name = 'OutboxPendingByIdForTheWalkOnly1796600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX outbox_pending_by_id_idx`);
    await runner.query(
      `CREATE INDEX outbox_pending_by_id_idx ON ${OUTBOX_TABLE} (destination, id)
       WHERE published_at IS NULL AND id > 0`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX outbox_pending_by_id_idx`);
    await runner.query(
      `CREATE INDEX outbox_pending_by_id_idx ON ${OUTBOX_TABLE} (destination, id)
       WHERE published_at IS NULL`,
    );
  }
}

/**
 * `outbox_claim_then_lease`: runs a claim and then a lease, given as SQL text with their
 * arguments, in one round trip and one transaction. The relay's two statements must see different
 * snapshots (the lease must see every lease committed before the claim took a stream's lock), and
 * a PL/pgSQL function takes a new snapshot for each statement it runs, where one statement with
 * both would not. The SQL stays in outbox-store.ts; this only runs it, with the caller's rights
 * (docs/outbox.md, "Claim and lease in one round trip").
 */
export class OutboxClaimThenLease1796700000000 implements MigrationInterface {
  name = 'OutboxClaimThenLease1796700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE FUNCTION outbox_claim_then_lease(
        claim_sql text, lease_sql text, destinations text[], batch_limit integer,
        max_attempts integer, lease_token uuid, lease_ms double precision)
      RETURNS TABLE (id text, aggregate_id text, destination text, exchange_or_topic text,
        routing_key_or_kafka_key text, mandatory boolean, message_id text, type text,
        headers jsonb, body text, attempts integer, due boolean)
      LANGUAGE plpgsql VOLATILE AS $fn$
      DECLARE
        claimed_destinations text[];
        claimed_aggregates text[];
      BEGIN
        EXECUTE 'SELECT array_agg(c.destination), array_agg(c.aggregate_id) FROM ('
            || claim_sql || E'\n) AS c'
          INTO claimed_destinations, claimed_aggregates
          USING destinations, max_attempts, batch_limit;
        IF claimed_destinations IS NULL THEN
          RETURN;
        END IF;
        RETURN QUERY EXECUTE lease_sql
          USING claimed_destinations, claimed_aggregates, max_attempts, batch_limit, lease_token,
            lease_ms;
      END
      $fn$`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      `DROP FUNCTION outbox_claim_then_lease(text, text, text[], integer, integer, uuid, double precision)`,
    );
  }
}

/** Add these to the service's data source `migrations`, next to its own. */
export const OutboxMigrations: (new () => MigrationInterface)[] = [
  CreateOutbox1763900000000,
  LeaseOutboxRows1796300000000,
  OutboxPendingById1796400000000,
  OutboxVacuumedOften1796500000000,
  OutboxPendingByIdForTheWalkOnly1796600000000,
  OutboxClaimThenLease1796700000000,
];
