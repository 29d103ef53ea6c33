import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Keys are pruned by age (IDEMPOTENCY_KEY_RETENTION_HOURS): the prune finds the oldest by index. */
export class IndexIdempotencyKeysByAge1795500000100 implements MigrationInterface {
  name = 'IndexIdempotencyKeysByAge1795500000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE INDEX IF NOT EXISTS idempotency_keys_by_age ON idempotency_keys (created_at)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX idempotency_keys_by_age`);
  }
}
