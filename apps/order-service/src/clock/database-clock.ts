import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Logger } from '@pattern-shop/observability';
import { LOGGER } from '@pattern-shop/platform';
import { readDatabaseTime } from '../persistence/database-time.js';

/**
 * order-service's time: the database's clock, carried forward between readings by this process's
 * monotonic clock. Deadlines, order and saga timestamps and token expiry then agree with the
 * idempotency claims and the outbox (stamped by PostgreSQL) and with every other instance, and a
 * jump of this machine's wall clock moves none of them (docs/chaos.md, clock-jump scenarios).
 */
export class DatabaseClock {
  private readingMs: number;
  private readAtMs: number;

  constructor(private readonly monotonicMs: () => number = () => performance.now()) {
    // Until the first reading the wall clock is the best guess there is.
    this.readingMs = Date.now();
    this.readAtMs = monotonicMs();
  }

  readonly now = (): Date => new Date(this.readingMs + this.monotonicMs() - this.readAtMs);

  /**
   * Takes `samples` readings and keeps the one with the shortest round trip: the database read
   * its clock somewhere inside the trip, so the middle is off by at most half of it, and a trip
   * slowed by a cold connection or a busy event loop would put the clock that far off.
   */
  async sync(readDatabaseTime: () => Promise<Date>, samples = 3): Promise<void> {
    let best: { readingMs: number; readAtMs: number; tripMs: number } | undefined;
    for (let n = 0; n < samples; n += 1) {
      const sentAt = this.monotonicMs();
      const reading = await readDatabaseTime();
      const receivedAt = this.monotonicMs();
      const tripMs = receivedAt - sentAt;
      if (best === undefined || tripMs < best.tripMs)
        best = { readingMs: reading.getTime(), readAtMs: (sentAt + receivedAt) / 2, tripMs };
    }
    if (best === undefined) return;
    this.readingMs = best.readingMs;
    this.readAtMs = best.readAtMs;
  }
}

/** A reading every 10 s follows the database's clock as NTP steers it. */
const RESYNC_MS = 10_000;

/** Reads the database's clock at start (before the app serves) and every RESYNC_MS after. */
@Injectable()
export class DatabaseClockSync implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(DatabaseClock) private readonly clock: DatabaseClock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.syncOnce();
    this.timer = setInterval(() => void this.syncOnce(), RESYNC_MS);
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private syncOnce(): Promise<void> {
    return this.clock
      .sync(() => readDatabaseTime(this.dataSource))
      .catch((error: unknown) =>
        this.logger.warn(
          { err: error },
          'reading the database clock failed; keeping the last reading',
        ),
      );
  }
}
