import { randomUUID } from 'node:crypto';
import { connect, type ChannelModel, type ConsumeMessage } from 'amqplib';
import { LOCAL_INFRA } from './local-environment.js';

/** What a test saw arrive on RabbitMQ. */
export type TappedMessage = Readonly<{
  routingKey: string;
  headers: Record<string, unknown>;
  body: unknown;
}>;

export type RabbitTap = Readonly<{
  queue: string;
  messages: TappedMessage[];
  close: () => Promise<void>;
}>;

/**
 * Listens on an exchange the way a new subscriber would: its own durable queue bound with the
 * routing keys. Durable, so messages published while RabbitMQ restarts are still caught.
 * Call `close()` to delete the queue; a tap whose process died before that (a killed test run)
 * is deleted by the broker once nobody has consumed it for `expiresMs` (10 min by default).
 */
export const tapExchange = async (
  exchange: string,
  routingKeys: readonly string[],
  { expiresMs = 10 * 60_000 }: Readonly<{ expiresMs?: number }> = {},
): Promise<RabbitTap> => {
  const queue = `test.tap.${randomUUID()}`;
  const messages: TappedMessage[] = [];
  let connection: ChannelModel | undefined;
  const attach = async () => {
    const attempt = await connect(LOCAL_INFRA.rabbitmqUrl);
    attempt.on('error', () => undefined);
    try {
      const channel = await attempt.createChannel();
      await channel.assertExchange(exchange, 'topic', { durable: true });
      await channel.assertQueue(queue, {
        durable: true,
        autoDelete: false,
        arguments: { 'x-expires': expiresMs },
      });
      for (const key of routingKeys) await channel.bindQueue(queue, exchange, key);
      await channel.consume(queue, (message: ConsumeMessage | null) => {
        if (message === null) return;
        messages.push({
          routingKey: message.fields.routingKey,
          headers: message.properties.headers ?? {},
          body: JSON.parse(message.content.toString('utf8')),
        });
        channel.ack(message);
      });
    } catch (error) {
      await attempt.close().catch(() => undefined); // a broker still booting: do not leak the socket
      throw error;
    }
    connection = attempt;
    // After a broker restart, listen again on the same (durable) queue.
    attempt.once('close', () => void reattach());
  };
  let closing = false;
  const reattach = async () => {
    while (!closing) {
      try {
        return await attach();
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    }
  };
  await attach();
  return {
    queue,
    messages,
    close: async () => {
      closing = true;
      const cleanup = await connect(LOCAL_INFRA.rabbitmqUrl);
      await (await cleanup.createChannel()).deleteQueue(queue);
      await cleanup.close();
      await connection?.close().catch(() => undefined);
    },
  };
};
