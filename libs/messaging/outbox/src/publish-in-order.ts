import type { Destination, OutboxRow } from './outbox-store.js';

export type PublishOutcome = Readonly<{
  published: OutboxRow[];
  failed: { row: OutboxRow; error: Error }[];
}>;

/** Publishes rows of several destinations together; one result per row, in order. */
export type PublishWave = (rows: readonly OutboxRow[]) => Promise<ReadonlyArray<Error | undefined>>;

/**
 * Publishes the rows of each stream (destination + aggregate) strictly in id order, in waves:
 * wave n holds the n-th row of every stream still going, so different aggregates travel together
 * while a stream's next row leaves only after its previous one was confirmed. A stream stops at
 * its first failure, so a later message never overtakes an earlier one. A stream whose oldest row
 * is not due (waiting for a retry, or out of attempts) publishes nothing. Once `mayStartWave`
 * says no (the relay's lease is running out), no further wave starts: the rows left are neither
 * published nor failed, and go back to the table untouched.
 */
export const publishInOrder = async (
  rows: readonly OutboxRow[],
  publishWave: PublishWave,
  mayStartWave: () => boolean = () => true,
): Promise<PublishOutcome> => {
  const published: OutboxRow[] = [];
  const failed: { row: OutboxRow; error: Error }[] = [];
  let live = [...streamsOf(rows).values()].filter((stream) => stream[0]?.due === true);
  for (let position = 0; live.length > 0 && mayStartWave(); position++) {
    const wave = live.map((stream) => stream[position] as OutboxRow);
    const results = await publishWave(wave);
    live = live.filter((stream, index) => {
      const row = wave[index] as OutboxRow;
      const error = results[index];
      if (error !== undefined) failed.push({ row, error });
      else published.push(row);
      return error === undefined && stream.length > position + 1;
    });
  }
  return { published, failed };
};

/** Publishes a wave through each row's destination's publisher, all destinations at once. */
export const waveThrough =
  (publishers: Readonly<Partial<Record<Destination, { publish: PublishWave }>>>): PublishWave =>
  async (rows) => {
    const results: (Error | undefined)[] = rows.map(() => undefined);
    const destinations = [...new Set(rows.map((row) => row.destination))];
    await Promise.all(
      destinations.map(async (destination) => {
        const indexes = rows.flatMap((row, index) =>
          row.destination === destination ? [index] : [],
        );
        const publisher = publishers[destination];
        const outcome = publisher
          ? await publisher.publish(indexes.map((index) => rows[index] as OutboxRow))
          : indexes.map(() => new Error(`no ${destination} publisher in this service`));
        // A missing answer must never read as a confirm.
        const unanswered = new Error(`the ${destination} publisher gave no result for this row`);
        indexes.forEach((rowIndex, i) => {
          results[rowIndex] = i < outcome.length ? outcome[i] : unanswered;
        });
      }),
    );
    return results;
  };

const streamsOf = (rows: readonly OutboxRow[]): Map<string, OutboxRow[]> => {
  const streams = new Map<string, OutboxRow[]>();
  for (const row of rows) {
    const key = `${row.destination}:${row.aggregateId}`;
    const stream = streams.get(key);
    if (stream === undefined) streams.set(key, [row]);
    else stream.push(row);
  }
  return streams;
};
