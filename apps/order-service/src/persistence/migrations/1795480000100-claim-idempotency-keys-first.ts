import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A key is now claimed in its own commit before any work, so a row can be in flight: the claim's
 * token says which request holds it, and its expiry (the request's deadline) when it lapses.
 */
export class ClaimIdempotencyKeysFirst1795480000100 implements MigrationInterface {
  name = 'ClaimIdempotencyKeysFirst1795480000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE idempotency_keys ADD COLUMN claim_token uuid, ADD COLUMN claim_expires_at timestamptz`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE idempotency_keys DROP COLUMN claim_token, DROP COLUMN claim_expires_at`,
    );
  }
}
