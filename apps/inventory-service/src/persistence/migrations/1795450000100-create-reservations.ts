import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One reservation per order, keyed by the order id: the primary key is what makes reserving
 * idempotent per order (not only per message), and what a late ReserveStock meets after a
 * ReleaseStock left a RELEASED tombstone. `lines` are the lines as requested; a tombstone has none.
 */
export class CreateReservations1795450000100 implements MigrationInterface {
  name = 'CreateReservations1795450000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE reservations (
        order_id uuid PRIMARY KEY,
        status text NOT NULL CHECK (status IN ('RESERVED', 'RELEASED', 'REJECTED')),
        lines jsonb NOT NULL,
        reason text,
        unavailable_skus text[] NOT NULL DEFAULT '{}',
        recorded_at timestamptz NOT NULL,
        reserved_at timestamptz,
        released_at timestamptz
      )`);
    await db.query(`CREATE INDEX reservations_recorded_at_idx ON reservations (recorded_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE reservations`);
  }
}
