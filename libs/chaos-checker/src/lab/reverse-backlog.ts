import { holdQueuedMessages } from '@pattern-shop/messaging-rabbitmq';
import { type LabBrokers, publishConfirmed } from './lab-brokers.js';

/**
 * Takes every message waiting in `queue` and puts them back in reverse order: a copy of each,
 * same id and headers, is confirmed by the broker before the originals are acked, so a lab that
 * dies halfway leaves duplicates (which the inbox absorbs), never a loss.
 */
export const reverseBacklog = async (brokers: LabBrokers, queue: string): Promise<number> => {
  const channel = await brokers.channel();
  try {
    const taken = await holdQueuedMessages(channel, queue);
    for (const message of [...taken].reverse()) {
      const headers = { ...message.properties.headers, 'x-chaos-reordered': 'reversed-backlog' };
      await publishConfirmed(channel, '', queue, message.content, {
        ...message.properties,
        headers,
      });
    }
    const last = taken.at(-1);
    if (last !== undefined) channel.ack(last, true);
    return taken.length;
  } finally {
    await channel.close().catch(() => undefined);
  }
};
