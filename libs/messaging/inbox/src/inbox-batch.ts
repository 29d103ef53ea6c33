import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/**
 * One transaction per DataSource shared by every `handleOnce` run inside `inInboxBatch`, so a
 * batch of deliveries costs one commit instead of one each (docs/inbox.md, "Batches").
 */
export class InboxBatch {
  private readonly runners = new Map<DataSource, Promise<QueryRunner>>();
  private failure: unknown;
  private hadFailure = false;

  /** The batch's transaction on `dataSource`, begun on first use. */
  managerFor(dataSource: DataSource): Promise<EntityManager> {
    let runner = this.runners.get(dataSource);
    if (runner === undefined) {
      runner = begin(dataSource);
      this.runners.set(dataSource, runner);
    }
    return runner.then((started) => started.manager);
  }

  /** A handler may catch what its effect threw; the batch must still not commit that effect. */
  markFailed(error: unknown): void {
    if (this.hadFailure) return;
    this.hadFailure = true;
    this.failure = error;
  }

  get failed(): boolean {
    return this.hadFailure;
  }

  get failureReason(): unknown {
    return this.failure;
  }

  async commit(): Promise<void> {
    if (this.hadFailure) throw this.failure;
    for (const runner of await Promise.all(this.runners.values())) {
      await runner.commitTransaction();
    }
  }

  async rollback(): Promise<void> {
    const settled = await Promise.allSettled(this.runners.values());
    for (const result of settled) {
      if (result.status === 'fulfilled' && result.value.isTransactionActive) {
        await result.value.rollbackTransaction().catch(() => undefined);
      }
    }
  }

  async release(): Promise<void> {
    const settled = await Promise.allSettled(this.runners.values());
    for (const result of settled) {
      if (result.status === 'fulfilled') await result.value.release().catch(() => undefined);
    }
    this.runners.clear();
  }
}

const begin = async (dataSource: DataSource): Promise<QueryRunner> => {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.startTransaction();
    return runner;
  } catch (error) {
    await runner.release().catch(() => undefined);
    throw error;
  }
};

const ambient = new AsyncLocalStorage<InboxBatch>();

/** The batch `handleOnce` joins, if the caller runs inside one. */
export const currentInboxBatch = (): InboxBatch | undefined => ambient.getStore();

/**
 * Runs `work` with every `handleOnce` inside it joining one transaction per DataSource, then
 * commits them. If any effect threw (even one its handler caught) or the commit fails, all of it
 * is rolled back and this rejects: the caller then handles each message on its own.
 */
export const inInboxBatch = async <T>(work: () => Promise<T>): Promise<T> => {
  const batch = new InboxBatch();
  try {
    const result = await ambient.run(batch, work);
    await batch.commit();
    return result;
  } catch (error) {
    await batch.rollback();
    throw error;
  } finally {
    await batch.release();
  }
};

/** Runs `work` outside any batch, e.g. the one-by-one replay of a batch that failed. */
export const outsideInboxBatch = <T>(work: () => T): T => ambient.exit(work);
