import type { ChannelModel } from 'amqplib';
import { MESSAGE_HEADERS, signedProducerOf } from '@pattern-shop/contracts';
import {
  developmentSigningKey,
  parsePrivateSigningKey,
  signatureHeaders,
} from '@pattern-shop/messaging-signing';
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
    const body = Buffer.from(JSON.stringify(envelope));
    const headers = {
      [MESSAGE_HEADERS.messageId]: ids.messageId,
      [MESSAGE_HEADERS.type]: envelope.type,
      [MESSAGE_HEADERS.version]: String(envelope.version),
      [MESSAGE_HEADERS.correlationId]: envelope.correlationId,
    };
    channel.sendToQueue(queue, body, {
      messageId: ids.messageId,
      type: envelope.type,
      correlationId: envelope.correlationId,
      contentType: 'application/json',
      appId: 'dead-letters-cli',
      persistent: true,
      headers: { ...headers, ...signedByProducer(envelope.type, body, headers) },
    });
    await channel.waitForConfirms();
    return envelope;
  } finally {
    await channel.close().catch(() => undefined);
  }
};

/**
 * A command must carry its producer's signature, or it is refused before the lesson's retries
 * begin: the lesson signs as that producer, with MESSAGE_SIGNING_PRIVATE_KEY if set, else the
 * producer's local development key (which a production consumer never trusts).
 */
const signedByProducer = (
  type: string,
  body: Buffer,
  headers: Record<string, string>,
): Record<string, string> => {
  const producer = signedProducerOf(type);
  if (producer === undefined) return {};
  const key = process.env['MESSAGE_SIGNING_PRIVATE_KEY'] ?? developmentSigningKey(producer);
  return signatureHeaders(
    { service: producer, privateKey: parsePrivateSigningKey(key) },
    body,
    headers,
  );
};
