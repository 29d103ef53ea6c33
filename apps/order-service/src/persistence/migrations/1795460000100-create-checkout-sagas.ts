import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The checkout saga's durable state: one row per order (the state machine's state as jsonb, its
 * status and deadline as columns so they can be indexed), and an append-only step log.
 */
export class CreateCheckoutSagas1795460000100 implements MigrationInterface {
  name = 'CreateCheckoutSagas1795460000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE checkout_sagas (
        order_id uuid PRIMARY KEY REFERENCES orders (id),
        status text NOT NULL,
        state jsonb NOT NULL,
        version integer NOT NULL CHECK (version > 0),
        deadline_at timestamptz,
        started_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    // The deadline poller reads only sagas that wait, oldest deadline first.
    await db.query(
      `CREATE INDEX checkout_sagas_due ON checkout_sagas (deadline_at) WHERE deadline_at IS NOT NULL`,
    );
    await db.query(`CREATE INDEX checkout_sagas_by_status ON checkout_sagas (status, updated_at)`);
    await db.query(`
      CREATE TABLE checkout_saga_steps (
        id bigserial PRIMARY KEY,
        order_id uuid NOT NULL REFERENCES checkout_sagas (order_id),
        at timestamptz NOT NULL,
        input text NOT NULL,
        from_status text,
        to_status text NOT NULL,
        note text,
        caused_by text
      )`);
    await db.query(
      `CREATE INDEX checkout_saga_steps_by_order ON checkout_saga_steps (order_id, id)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE checkout_saga_steps');
    await db.query('DROP TABLE checkout_sagas');
  }
}
