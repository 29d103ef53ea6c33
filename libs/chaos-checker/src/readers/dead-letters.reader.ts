import { connect } from 'amqplib';
import { holdQueuedMessages } from '@pattern-shop/messaging-rabbitmq';
import type { DeadLetterRecord } from '../invariants/snapshot.js';
import { readAllQueues } from './queues.reader.js';
import type { SystemAddresses } from './system-addresses.js';

const text = (value: unknown): string =>
  Buffer.isBuffer(value) ? value.toString('utf8') : typeof value === 'string' ? value : '';

/**
 * RabbitMQ's dead letters that failed since `from`. Each `*.dlq` is held unacknowledged, then the
 * channel is closed, which returns every letter untouched (as the dead-letters CLI does: a nack
 * would count as a failed delivery in a quorum queue).
 */
export const readRabbitDeadLetters = async (
  addresses: SystemAddresses,
  from: string,
): Promise<DeadLetterRecord[]> => {
  // The management API's message counts lag by its stats interval (5 s), so a letter that just
  // arrived would be missed: every `.dlq` is asked for its depth over AMQP instead.
  const queues = (await readAllQueues(addresses)).filter((queue) => queue.name.endsWith('.dlq'));
  if (queues.length === 0) return [];
  const connection = await connect(addresses.rabbitmqUrl, { timeout: 5_000 });
  const letters: DeadLetterRecord[] = [];
  try {
    for (const queue of queues) {
      const channel = await connection.createChannel();
      const held = await holdQueuedMessages(channel, queue.name);
      for (const [read, message] of held.entries()) {
        const headers = message.properties.headers ?? {};
        letters.push({
          broker: 'rabbitmq',
          source: queue.name,
          messageId: text(message.properties.messageId) || `#${read + 1}`,
          type: text(message.properties.type) || text(headers['type']),
          reason: text(headers['x-error-reason']),
          failedAt: text(headers['x-failed-at']),
        });
      }
      await channel.close();
    }
  } finally {
    await connection.close();
  }
  return letters.filter((letter) => letter.failedAt === '' || letter.failedAt >= from);
};
