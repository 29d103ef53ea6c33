import { Counter, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { MessageEnvelope } from '@pattern-shop/contracts';
import { handleOnce } from './handle-once.js';

/**
 * Past its expiry by more than `graceMs` (on this consumer's clock); a command without an expiry
 * never expires. The grace keeps a clock running a little ahead of the sender's from refusing
 * work the sender still waits for.
 */
export const hasExpired = (expiresAt: Date | undefined, now: Date, graceMs: number): boolean =>
  expiresAt !== undefined && now.getTime() > expiresAt.getTime() + graceMs;

export type ExpiredCommandsDeps = Readonly<{
  dataSource: DataSource;
  /** The inbox name of the consumer in processed_messages. */
  consumer: string;
  graceMs: number;
  now: () => Date;
  metrics: Registry;
  /** The service's logger (pino's `warn` fits). */
  logger: Readonly<{ warn: (fields: object, message: string) => void }>;
  /** The command types that may expire, counted from zero so a rate is defined from the start. */
  types: readonly string[];
}>;

const METRIC = 'saga_commands_expired_total';

/**
 * Refuses a command that arrives after its sender gave up on it: acknowledged without effect,
 * recorded in the inbox (so a redelivery is a duplicate, refused the same way), counted and
 * logged once. The same rule for every consumer of the saga's forward commands.
 */
export class ExpiredCommands {
  private readonly expired: Counter<'type'>;

  constructor(private readonly deps: ExpiredCommandsDeps) {
    this.expired =
      (deps.metrics.getSingleMetric(METRIC) as Counter<'type'> | undefined) ??
      new Counter({
        name: METRIC,
        help: 'Saga commands refused because they arrived after their step expired, by type.',
        labelNames: ['type'],
        registers: [deps.metrics],
      });
    for (const type of deps.types) this.expired.inc({ type }, 0);
  }

  /**
   * `expired` when refused now, `duplicate-message` when the inbox already holds it (refused or
   * handled before), undefined when the command is live and must be handled as usual.
   */
  async refuse(
    command: MessageEnvelope,
    expiresAt: Date | undefined,
  ): Promise<'expired' | 'duplicate-message' | undefined> {
    const now = this.deps.now();
    if (!hasExpired(expiresAt, now, this.deps.graceMs)) return undefined;
    const recorded = await handleOnce(
      this.deps.dataSource,
      this.deps.consumer,
      command.messageId,
      async () => {
        // No effect: the inbox row alone records the refusal.
      },
    );
    if (recorded === 'duplicate') return 'duplicate-message';
    const { messageId, type, aggregateId } = command;
    this.expired.inc({ type });
    this.deps.logger.warn(
      {
        messageId,
        type,
        orderId: aggregateId,
        expiresAt,
        lateMs: now.getTime() - Number(expiresAt),
      },
      'command refused: it arrived after its saga step expired',
    );
    return 'expired';
  }
}
