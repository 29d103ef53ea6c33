import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { deleteClaims, insertAll, insertOne } from './inbox-statements.js';

/**
 * One transaction per DataSource shared by every `handleOnce` run inside `inInboxBatch`, so a
 * batch of deliveries costs one commit instead of one each (docs/inbox.md, "Batches").
 */
export class InboxBatch {
  private readonly runners = new Map<DataSource, Promise<QueryRunner>>();
  // Per consumer, what one statement recorded for the whole batch: ids no `handleOnce` took yet.
  private readonly claims = new Map<DataSource, Map<string, Promise<Set<string>>>>();
  private readonly messageIds: ReadonlySet<string>;
  private failure: unknown;
  private hadFailure = false;

  /** @param messageIds the batch's messages, recorded together by the first `claim`. */
  constructor(messageIds: readonly string[] = []) {
    this.messageIds = new Set(messageIds);
  }

  /**
   * Records `messageId` for `consumer` as `handleOnce` would: the batch's manager on `dataSource`
   * if the id is new, undefined if it was handled before. The first call per consumer inserts
   * every id of the batch in one statement (sorted, so two batches lock inbox rows in the same
   * order); ids no handler then takes are deleted before the commit.
   */
  async claim(
    dataSource: DataSource,
    consumer: string,
    messageId: string,
  ): Promise<EntityManager | undefined> {
    const { manager } = await this.runnerFor(dataSource);
    if (!this.messageIds.has(messageId)) {
      return (await insertOne(manager, consumer, messageId)) ? manager : undefined;
    }
    let byConsumer = this.claims.get(dataSource);
    if (byConsumer === undefined) this.claims.set(dataSource, (byConsumer = new Map()));
    let claims = byConsumer.get(consumer);
    if (claims === undefined) {
      claims = insertAll(manager, consumer, [...this.messageIds].sort());
      byConsumer.set(consumer, claims);
    }
    return (await claims).delete(messageId) ? manager : undefined;
  }

  /** The batch's transaction on `dataSource`, begun on first use. */
  async managerFor(dataSource: DataSource): Promise<EntityManager> {
    return (await this.runnerFor(dataSource)).manager;
  }

  private runnerFor(dataSource: DataSource): Promise<QueryRunner> {
    let runner = this.runners.get(dataSource);
    if (runner === undefined) {
      runner = begin(dataSource);
      this.runners.set(dataSource, runner);
    }
    return runner;
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
    for (const [dataSource, byConsumer] of this.claims) {
      const manager = await this.managerFor(dataSource);
      for (const [consumer, claims] of byConsumer) {
        const unused = await claims;
        if (unused.size > 0) await deleteClaims(manager, consumer, [...unused]);
      }
    }
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
 * commits them; `messageIds` (the batch's) lets the inbox record them all in one statement. If any effect threw (even one its handler caught) or the commit fails, all of it
 * is rolled back and this rejects: the caller then handles each message on its own.
 */
export const inInboxBatch = async <T>(
  work: () => Promise<T>,
  messageIds: readonly string[] = [],
): Promise<T> => {
  const batch = new InboxBatch(messageIds);
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
