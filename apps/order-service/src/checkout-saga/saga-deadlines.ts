import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Logger } from '@pattern-shop/observability';
import { LOGGER } from '@pattern-shop/platform';
import { CheckoutSagaRuntime } from './checkout-saga.runtime.js';
import { lockDueSagas } from '../persistence/checkout-saga-rows.js';

export const SAGA_DEADLINE_SETTINGS = Symbol('SAGA_DEADLINE_SETTINGS');
export type SagaDeadlineSettings = Readonly<{
  pollMs: number;
  /** The weak variant `no-step-deadline` (chaos lab only): no poll, so a lost reply waits forever. */
  neverFire?: boolean;
  now: () => Date;
  newId: () => string;
}>;

/** Sagas woken per poll at most, so one poll never holds a transaction for long. */
const BATCH = 100;

/**
 * Wakes every saga whose step deadline passed (a reply that never came, or the end of a pause
 * before a refund retry). The deadline is a column, not a timer in memory: after a crash or a
 * restart the next poll finds what is due. Each saga is advanced in its own transaction with its
 * row locked; `SKIP LOCKED` lets several order-service instances poll without waiting on each
 * other or waking one saga twice.
 */
@Injectable()
export class SagaDeadlines implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CheckoutSagaRuntime) private readonly runtime: CheckoutSagaRuntime,
    @Inject(SAGA_DEADLINE_SETTINGS) private readonly settings: SagaDeadlineSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.neverFire === true) return;
    this.timer = setInterval(() => {
      this.polling ??= this.wakeDueSagas()
        .then(() => undefined)
        .catch((error: unknown) =>
          this.logger.warn({ err: error }, 'saga deadline poll failed; trying again'),
        )
        .finally(() => (this.polling = undefined));
    }, this.settings.pollMs);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.polling;
  }

  /** Advances due sagas one transaction each until none is due (or a batch is done). */
  async wakeDueSagas(): Promise<number> {
    let woken = 0;
    while (woken < BATCH) {
      const advanced = await this.dataSource.transaction(async (tx) => {
        const [orderId] = await lockDueSagas(tx, this.settings.now(), 1);
        if (orderId === undefined) return false;
        const deadlineId = this.settings.newId();
        await this.runtime.advance(tx, orderId, { type: 'DeadlinePassed' }, deadlineId);
        return true;
      });
      if (!advanced) break;
      woken += 1;
    }
    return woken;
  }
}
