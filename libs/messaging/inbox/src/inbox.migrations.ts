import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The table the inbox records handled messages in; one row per (consumer, message). */
export const PROCESSED_MESSAGES_TABLE = 'processed_messages';

/**
 * `processed_messages`: the primary key is what makes a consumer idempotent (a second insert of
 * the same pair conflicts), and the `processed_at` index keeps pruning a range scan.
 * `message_id` is text, not uuid, so ids minted by any producer are accepted.
 */
export class CreateProcessedMessages1795420800000 implements MigrationInterface {
  name = 'CreateProcessedMessages1795420800000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE ${PROCESSED_MESSAGES_TABLE} (
        consumer text NOT NULL,
        message_id text NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, message_id)
      )`);
    await runner.query(
      `CREATE INDEX processed_messages_processed_at_idx ON ${PROCESSED_MESSAGES_TABLE} (processed_at)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE ${PROCESSED_MESSAGES_TABLE}`);
  }
}

/** Add these to the service's data source `migrations`, next to its own. */
export const InboxMigrations: (new () => MigrationInterface)[] = [
  CreateProcessedMessages1795420800000,
];
