import type { ChannelModel } from 'amqplib';
import { MESSAGE_HEADERS } from '@pattern-shop/contracts';
import { type PoisonableQueue, poisonEnvelope, type PoisonIds } from './poison-messages.js';

/**
 * Publishes the poison message of `queue` straight to it, confirmed, and returns its envelope.
 * Straight to the queue, not through an outbox: it is a lesson made by hand, as a person would
 * publish one in the management UI, and the tool owns no database to hold an outbox.
 */
export const publishPoison = async (
  model: ChannelModel,
  queue: PoisonableQueue,
  ids: PoisonIds,
  now: Date,
) => {
  const channel = await model.createConfirmChannel();
  channel.on('error', () => undefined); // a 404 closes the channel; the rejection says why
  try {
    try {
      await channel.checkQueue(queue);
    } catch {
      throw new Error(`no queue '${queue}': start its app once (./bin/run) so it declares it`);
    }
    const envelope = poisonEnvelope(queue, ids, now);
    channel.sendToQueue(queue, Buffer.from(JSON.stringify(envelope)), {
      messageId: ids.messageId,
      type: envelope.type,
      correlationId: envelope.correlationId,
      contentType: 'application/json',
      appId: 'dead-letters-cli',
      persistent: true,
      headers: {
        [MESSAGE_HEADERS.messageId]: ids.messageId,
        [MESSAGE_HEADERS.type]: envelope.type,
        [MESSAGE_HEADERS.version]: String(envelope.version),
        [MESSAGE_HEADERS.correlationId]: envelope.correlationId,
      },
    });
    await channel.waitForConfirms();
    return envelope;
  } finally {
    await channel.close().catch(() => undefined);
  }
};
