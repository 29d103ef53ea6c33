import { randomUUID } from 'node:crypto';
import { connect, type ChannelModel, type ConfirmChannel } from 'amqplib';
import {
  createEnvelope,
  deadLetterQueueName,
  EXCHANGES,
  MESSAGE_HEADERS,
  type MessageEnvelope,
  QUEUES,
} from '@pattern-shop/contracts';
import {
  LOCAL_INFRA,
  queryServiceDb,
  takeMessagesAbout,
  takeQueuedMessages,
  type TappedMessage,
  waitFor,
  signedAs,
} from '@pattern-shop/testing';

type Line = { sku: string; quantity: number };

const command = <T extends string>(type: T, orderId: string, data: unknown) =>
  createEnvelope({
    messageId: randomUUID(),
    type,
    version: 1,
    occurredAt: new Date(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
    aggregateId: orderId,
    data,
  });

export const reserveStock = (orderId: string, lines: Line[]) =>
  command('ReserveStock', orderId, { orderId, lines });

export const releaseStock = (orderId: string, reason = 'order cancelled') =>
  command('ReleaseStock', orderId, { orderId, reason });

/** Publishes commands the way the saga's outbox does: `shop.commands`, routing key = queue. */
export class CommandPublisher {
  /** Every order a command was sent about: what the test cleans up after. */
  private readonly orderIds = new Set<string>();

  private constructor(
    private readonly connection: ChannelModel,
    private readonly channel: ConfirmChannel,
  ) {}

  static async open(): Promise<CommandPublisher> {
    const connection = await connect(LOCAL_INFRA.rabbitmqUrl);
    const channel = await connection.createConfirmChannel();
    await channel.assertExchange(EXCHANGES.commands, 'topic', { durable: true });
    return new CommandPublisher(connection, channel);
  }

  async send(...envelopes: MessageEnvelope[]): Promise<void> {
    await this.publish(envelopes, {});
  }

  /** Sends them as the saga sends a forward command: with its step's deadline in `expires-at`. */
  async sendExpiring(expiresAt: Date, ...envelopes: MessageEnvelope[]): Promise<void> {
    await this.publish(envelopes, { [MESSAGE_HEADERS.expiresAt]: expiresAt.toISOString() });
  }

  private async publish(
    envelopes: readonly MessageEnvelope[],
    headers: Record<string, string>,
  ): Promise<void> {
    for (const envelope of envelopes) {
      this.orderIds.add(envelope.aggregateId);
      const body = Buffer.from(JSON.stringify(envelope));
      this.channel.publish(EXCHANGES.commands, QUEUES.inventoryCommands, body, {
        persistent: true,
        mandatory: true,
        contentType: 'application/json',
        messageId: envelope.messageId,
        type: envelope.type,
        // Signed as order-service's relay signs it: inventory-service takes commands from no one else.
        headers: signedAs('order-service', body, {
          [MESSAGE_HEADERS.correlationId]: envelope.correlationId,
          ...headers,
        }),
      });
    }
    await this.channel.waitForConfirms();
  }

  /** Takes the dead letter with this message id out of `inventory.commands.dlq`, or undefined. */
  async takeDeadLetter(messageId: string): Promise<Record<string, unknown> | undefined> {
    const queue = deadLetterQueueName(QUEUES.inventoryCommands);
    const [letter] = await takeQueuedMessages(queue, (message) => message.messageId === messageId);
    return letter?.headers;
  }

  async close(): Promise<void> {
    await this.connection.close();
  }

  /** Waits until inventory-service's outbox published every reply about this test's orders. */
  async repliesPublished(): Promise<void> {
    await waitFor(
      `inventory-service's outbox to publish its replies about ${this.orderIds.size} orders`,
      async () => {
        const [row] = await queryServiceDb<{ count: string }>(
          'inventory-service',
          'SELECT count(*) FROM outbox WHERE aggregate_id = ANY($1::text[]) AND published_at IS NULL',
          [[...this.orderIds]],
        );
        return Number(row?.count ?? 0) === 0 ? true : undefined;
      },
      { timeoutMs: 10_000 },
    );
  }

  /**
   * Takes everything about this test's made-up orders off the shared queues, once inventory-service
   * stopped: a reply left in `order.saga-replies` reaches the next order-service, which has no saga
   * for it and dead-letters it.
   */
  async takeWhatWasLeft(): Promise<Record<string, number>> {
    return takeMessagesAbout(this.orderIds, [
      QUEUES.orderSagaReplies,
      QUEUES.inventoryCommands,
      deadLetterQueueName(QUEUES.inventoryCommands),
    ]);
  }
}

type ReplyData = Readonly<{ orderId: string; [field: string]: unknown }>;

/** The replies the saga would receive for an order, in arrival order. */
export const repliesFor = (messages: readonly TappedMessage[], orderId: string) =>
  messages
    .map((message) => message.body as MessageEnvelope<string, ReplyData>)
    .filter((envelope) => envelope.data.orderId === orderId);
