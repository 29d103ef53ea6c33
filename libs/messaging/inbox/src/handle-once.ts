import type { DataSource, EntityManager } from 'typeorm';
import { currentInboxBatch } from './inbox-batch.js';
import { insertOne } from './inbox-statements.js';

export type InboxOutcome = 'applied' | 'duplicate';

export type InboxOptions = Readonly<{
  /**
   * The weak variant `no-inbox` (docs/chaos.md), for the chaos lab only: the effect runs in its
   * transaction but nothing is recorded or checked, so a redelivery applies it again.
   */
  weak?: boolean;
}>;

/**
 * Runs `effect` at most once per (consumer, messageId): the id is recorded in the same
 * transaction as the effect, so either both are committed or neither is.
 *
 * The insert comes first. When two deliveries of one message run at the same moment, the second
 * insert waits on the primary key until the first transaction ends: a commit makes it a
 * conflict (duplicate, effect skipped), a rollback lets it insert and apply. An effect that
 * throws rolls everything back, so the message id stays unrecorded and a redelivery applies it.
 *
 * The effect must write through the `manager` it is given, or its writes are outside the
 * transaction. Acknowledge the message only after this resolves, or, inside `inInboxBatch`
 * (which this joins instead of opening a transaction), only after the batch committed.
 */
export const handleOnce = async (
  dataSource: DataSource,
  consumer: string,
  messageId: string,
  effect: (manager: EntityManager) => Promise<void>,
  { weak = false }: InboxOptions = {},
): Promise<InboxOutcome> => {
  if (consumer === '' || messageId === '') {
    throw new TypeError('handleOnce needs a non-empty consumer name and message id');
  }
  const recordThenApply = async (manager: EntityManager): Promise<InboxOutcome> => {
    if (weak) {
      await effect(manager);
      return 'applied';
    }
    if (!(await insertOne(manager, consumer, messageId))) return 'duplicate';
    await effect(manager);
    return 'applied';
  };
  const batch = currentInboxBatch();
  if (batch === undefined) return dataSource.transaction(recordThenApply);
  try {
    if (weak) return await recordThenApply(await batch.managerFor(dataSource));
    const manager = await batch.claim(dataSource, consumer, messageId);
    if (manager === undefined) return 'duplicate';
    await effect(manager);
    return 'applied';
  } catch (error) {
    batch.markFailed(error); // even if the caller catches it, the batch must not commit
    throw error;
  }
};
