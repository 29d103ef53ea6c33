import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Logger } from '@pattern-shop/observability';
import { deleteKeysCreatedBefore } from '../persistence/idempotency-key-rows.js';

/** Pruning is a batch job, not a loop: every few minutes at most, never while idle in between. */
export const KEY_PRUNE_EVERY_MS = 5 * 60_000;
/** Keys deleted per statement, so no prune holds many row locks or a long transaction. */
const BATCH = 1_000;

export type KeyPruningSettings = Readonly<{ retentionMs: number; now: () => Date }>;

/**
 * Deletes Idempotency-Keys older than their retention (IDEMPOTENCY_KEY_RETENTION_HOURS): a
 * retry after that is a new request, as with card processors' keys, and the table stays small.
 */
export class IdempotencyKeyPruning implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private pruning: Promise<number> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: KeyPruningSettings,
    private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.pruning ??= this.pruneOnce()
        .catch((error: unknown) => {
          this.logger.warn({ err: error }, 'pruning idempotency keys failed; trying next time');
          return 0;
        })
        .finally(() => (this.pruning = undefined));
    }, KEY_PRUNE_EVERY_MS).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.pruning;
  }

  /** Deletes every key past its retention, a batch per statement; returns how many went. */
  async pruneOnce(): Promise<number> {
    const before = new Date(this.settings.now().getTime() - this.settings.retentionMs);
    let pruned = 0;
    for (;;) {
      const deleted = await deleteKeysCreatedBefore(this.dataSource.manager, before, BATCH);
      pruned += deleted;
      if (deleted < BATCH) break;
    }
    if (pruned > 0) this.logger.info({ pruned, before }, 'idempotency keys pruned');
    return pruned;
  }
}
