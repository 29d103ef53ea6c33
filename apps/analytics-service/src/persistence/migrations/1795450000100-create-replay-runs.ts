import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per projection replay: what it read, how far it got, when it swapped in. The service
 * exports the running one's progress as a metric; the replay command writes it.
 */
export class CreateReplayRuns1795450000100 implements MigrationInterface {
  name = 'CreateReplayRuns1795450000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE replay_runs (
        id text PRIMARY KEY,
        live_schema text NOT NULL,
        replay_schema text NOT NULL,
        from_spec text NOT NULL, -- 'earliest' or an ISO timestamp
        status text NOT NULL CHECK (status IN ('running', 'swapped', 'failed')),
        events_total bigint NOT NULL,
        events_done bigint NOT NULL DEFAULT 0,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        error text
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE replay_runs`);
  }
}
