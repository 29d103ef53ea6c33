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
import { nextPollAt, SagaDeadlineAlarm } from './saga-deadline-alarm.js';
import { lockDueSagas, nextSagaDeadline } from '../persistence/checkout-saga-rows.js';

export const SAGA_DEADLINE_SETTINGS = Symbol('SAGA_DEADLINE_SETTINGS');
export type SagaDeadlineSettings = Readonly<{
  /** The shortest time between two polls. */
  pollMs: number;
  /** The longest: a deadline this process was not told of is found within it. */
  safetyPollMs: number;
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
 * restart the first poll finds what is due. Between polls it sleeps until the earliest deadline
 * it knows of: the table's, read after each poll, or one the alarm reports after a commit.
 * Each saga is advanced in its own transaction with its row locked; `SKIP LOCKED` lets several
 * order-service instances poll without waiting on each other or waking one saga twice.
 */
@Injectable()
export class SagaDeadlines implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private wakeAt: number | undefined;
  private polling: Promise<void> | undefined;
  private polledAt = Number.NEGATIVE_INFINITY;
  /** Deadlines reported while a poll ran: its read of the table may have missed them. */
  private heardDuringPoll: number | undefined;
  private stopped = false;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CheckoutSagaRuntime) private readonly runtime: CheckoutSagaRuntime,
    @Inject(SagaDeadlineAlarm) private readonly alarm: SagaDeadlineAlarm,
    @Inject(SAGA_DEADLINE_SETTINGS) private readonly settings: SagaDeadlineSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.neverFire === true) return;
    this.alarm.listen((deadline) => this.heard(deadline.getTime()));
    this.pollNow();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
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

  private heard(deadline: number): void {
    if (this.stopped) return;
    if (this.polling !== undefined) {
      this.heardDuringPoll = Math.min(this.heardDuringPoll ?? Infinity, deadline);
      return;
    }
    const at = Math.max(deadline, this.polledAt + this.settings.pollMs);
    if (this.wakeAt === undefined || at < this.wakeAt) this.arm(at);
  }

  private arm(at: number): void {
    clearTimeout(this.timer);
    this.wakeAt = at;
    this.timer = setTimeout(() => this.pollNow(), Math.max(0, at - this.settings.now().getTime()));
  }

  private pollNow(): void {
    clearTimeout(this.timer);
    this.wakeAt = undefined;
    const polledAt = (this.polledAt = this.settings.now().getTime());
    this.polling = this.poll()
      .catch((error: unknown) => {
        this.logger.warn({ err: error }, 'saga deadline poll failed; trying again');
        return polledAt; // as if one were due: look again after pollMs
      })
      .then((earliest) => {
        this.polling = undefined;
        const heard = this.heardDuringPoll;
        this.heardDuringPoll = undefined;
        if (this.stopped) return;
        const known = Math.min(earliest ?? Infinity, heard ?? Infinity);
        const { pollMs, safetyPollMs } = this.settings;
        this.arm(
          nextPollAt({
            earliestKnown: Number.isFinite(known) ? known : undefined,
            polledAt,
            now: this.settings.now().getTime(),
            pollMs,
            safetyMs: safetyPollMs,
          }),
        );
      });
  }

  /** The earliest deadline left after waking what is due (one read when nothing is). */
  private async poll(): Promise<number | undefined> {
    const next = await nextSagaDeadline(this.dataSource.manager);
    if (next === undefined || next > this.settings.now()) return next?.getTime();
    await this.wakeDueSagas();
    return (await nextSagaDeadline(this.dataSource.manager))?.getTime();
  }
}
