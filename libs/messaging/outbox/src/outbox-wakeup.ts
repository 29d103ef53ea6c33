import pg from 'pg';
import type { DataSource } from 'typeorm';
import type { Logger } from '@pattern-shop/observability';

/** The channel `appendToOutbox` notifies; PostgreSQL delivers it only when the writer commits. */
export const OUTBOX_APPENDED_CHANNEL = 'outbox_appended';

/**
 * Wakes the relay the moment a transaction with outbox rows commits (LISTEN/NOTIFY), instead of
 * leaving the rows until the next poll. Polling stays as the safety net: a lost notification or
 * a dropped listener only costs one safety poll (`idlePollMaxMs`), never a message.
 */
export class OutboxWakeup {
  private client: pg.Client | undefined;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
  ) {}

  start(onCommit: () => void): void {
    this.stopped = false;
    void this.listen(onCommit);
  }

  /** LISTEN is connected: a commit wakes the relay at once, so its polls may back off. */
  get listening(): boolean {
    return this.client !== undefined;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }

  private async listen(onCommit: () => void): Promise<void> {
    const options = this.dataSource.options as {
      url?: string;
      host?: string;
      port?: number;
      username?: string;
      password?: string;
      database?: string;
    };
    const client = new pg.Client({
      connectionString: options.url,
      host: options.host,
      port: options.port,
      user: options.username,
      password: options.password,
      database: options.database,
      application_name: 'outbox-wakeup',
    });
    const retry = () => {
      if (this.client === client) this.client = undefined;
      void client.end().catch(() => undefined);
      if (!this.stopped)
        this.retryTimer = setTimeout(() => void this.listen(onCommit), 1_000).unref();
    };
    client.on('error', retry);
    client.on('notification', () => onCommit());
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_APPENDED_CHANNEL}`);
      this.client = client;
      onCommit(); // rows committed while nobody listened: catch up now rather than at the next poll
      if (this.stopped) await this.stop();
    } catch (error) {
      this.logger.debug(
        { reason: String(error) },
        'outbox wake-up listener not connected; polling meanwhile',
      );
      retry();
    }
  }
}
