import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What email-service sent. The key (order_id, template) is the once-per-order-and-template rule:
 * a second message carrying the same fact finds the row and sends nothing.
 */
export class CreateSentEmails1795440000100 implements MigrationInterface {
  name = 'CreateSentEmails1795440000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE sent_emails (
        order_id uuid NOT NULL,
        template text NOT NULL,
        recipient text NOT NULL,
        subject text NOT NULL,
        message_id text NOT NULL, -- the SMTP Message-ID header of the mail
        sent_at timestamptz NOT NULL,
        PRIMARY KEY (order_id, template)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE sent_emails`);
  }
}
