import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from '@pattern-shop/observability';
import type { PaymentLedger } from './payment-ledger.js';

/** Pruning is a batch job, not a loop: once at start and then every few minutes at most. */
export const LEDGER_PRUNE_EVERY_MS = 5 * 60_000;

export type LedgerPruningSettings = Readonly<{ retentionMs: number; now: () => Date }>;

/**
 * Keeps the ledger (memory and journal) to its retention: a stand-in processor that remembered
 * every charge forever would grow without bound. The retention outlives the nightly
 * reconciliation's window, so every day it reads is still whole.
 */
export class LedgerPruning implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ledger: PaymentLedger,
    private readonly settings: LedgerPruningSettings,
    private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.pruneOnce();
    this.timer = setInterval(() => this.pruneOnce(), LEDGER_PRUNE_EVERY_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Forgets what settled before the retention; returns how many records went. */
  pruneOnce(): number {
    const before = new Date(this.settings.now().getTime() - this.settings.retentionMs);
    try {
      const pruned = this.ledger.prune(before);
      if (pruned > 0) this.logger.info({ pruned, before }, 'ledger pruned to its retention');
      return pruned;
    } catch (error) {
      // The journal is intact (the rewrite is atomic); the next run tries again.
      this.logger.warn({ err: error }, 'pruning the ledger failed; keeping it as it is');
      return 0;
    }
  }
}
