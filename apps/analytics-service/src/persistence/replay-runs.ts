import type { Sql } from './sql.js';

/**
 * `replay_runs`: one row per projection replay, kept up to date by the replay command so the
 * service (a separate process) can export its progress.
 */
export type ReplayRunStart = Readonly<{
  id: string;
  liveSchema: string;
  replaySchema: string;
  fromSpec: string;
  eventsTotal: number;
}>;

export const recordReplayStarted = (db: Sql, run: ReplayRunStart): Promise<unknown> =>
  db.query(
    `INSERT INTO replay_runs (id, live_schema, replay_schema, from_spec, status, events_total)
     VALUES ($1, $2, $3, $4, 'running', $5)`,
    [run.id, run.liveSchema, run.replaySchema, run.fromSpec, run.eventsTotal],
  );

/** Partitions apply concurrently and may report out of order; the row only moves forward. */
export const recordReplayProgress = (db: Sql, id: string, eventsDone: number): Promise<unknown> =>
  db.query(`UPDATE replay_runs SET events_done = GREATEST(events_done, $2) WHERE id = $1`, [
    id,
    eventsDone,
  ]);

export const recordReplaySwapped = (db: Sql, id: string, eventsDone: number): Promise<unknown> =>
  db.query(
    `UPDATE replay_runs SET status = 'swapped', events_done = $2, finished_at = now() WHERE id = $1`,
    [id, eventsDone],
  );

export const recordReplayFailed = (db: Sql, id: string, error: string): Promise<unknown> =>
  db.query(
    `UPDATE replay_runs SET status = 'failed', error = $2, finished_at = now() WHERE id = $1`,
    [id, error],
  );

export type RunningReplay = Readonly<{
  id: string;
  fromSpec: string;
  eventsDone: number;
  eventsTotal: number;
}>;

/** Replays still running that started within a day; an older one is a replay that died. */
export const runningReplays = async (db: Sql): Promise<RunningReplay[]> => {
  const rows = (await db.query(
    `SELECT id, from_spec, events_done, events_total FROM replay_runs
     WHERE status = 'running' AND started_at > now() - interval '1 day'`,
  )) as Array<Record<string, string>>;
  return rows.map((row) => ({
    id: String(row['id']),
    fromSpec: String(row['from_spec']),
    eventsDone: Number(row['events_done']),
    eventsTotal: Number(row['events_total']),
  }));
};
