import type {
  DataSource,
  EntityManager,
  EntitySubscriberInterface,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';

const KEY = 'afterCommit';
type Pending = { [KEY]?: (() => void)[] };

/** Runs what was queued on a query runner once its outermost transaction commits. */
class AfterCommitSubscriber implements EntitySubscriberInterface {
  // A savepoint's release or rollback leaves the outer transaction active: nothing is final yet.
  afterTransactionCommit({ queryRunner }: TransactionCommitEvent): void {
    if (queryRunner.isTransactionActive) return;
    const pending = (queryRunner.data as Pending)[KEY];
    delete (queryRunner.data as Pending)[KEY];
    for (const callback of pending ?? []) {
      try {
        callback();
      } catch {
        // The transaction did commit; a failing listener must not make its caller think otherwise.
      }
    }
  }

  afterTransactionRollback({ queryRunner }: TransactionRollbackEvent): void {
    if (!queryRunner.isTransactionActive) delete (queryRunner.data as Pending)[KEY];
  }
}

const subscribed = (dataSource: DataSource): void => {
  if (!dataSource.subscribers.some((s) => s instanceof AfterCommitSubscriber))
    dataSource.subscribers.push(new AfterCommitSubscriber());
};

/**
 * Runs `callback` once the transaction `tx` belongs to commits, and never if it rolls back: what
 * others learn of a write must not run ahead of the write. Outside a transaction it runs at once.
 * Works on whichever data source the transaction came from (order-service has two).
 */
export const afterCommit = (tx: EntityManager, callback: () => void): void => {
  const runner = tx.queryRunner;
  if (runner?.isTransactionActive !== true) return callback();
  subscribed(runner.dataSource);
  ((runner.data as Pending)[KEY] ??= []).push(callback);
};
