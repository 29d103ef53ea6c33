import { duplicateKafkaRecords, duplicateRabbitDeliveries } from './duplicate-deliveries.js';
import { LabBrokers } from './lab-brokers.js';
import { reverseBacklog } from './reverse-backlog.js';
import type { MessageHands } from './scenario.js';

/**
 * Acks the lab's own planted messages (by message-id prefix) wherever they wait once the apps
 * stopped: dead letters, and for a weak run retry queues too; every other message stays.
 */
const removePlanted = async (brokers: LabBrokers, prefix: string): Promise<number> => {
  const channel = await brokers.channel();
  let removed = 0;
  try {
    for (const queue of await brokers.systemQueues()) {
      const { messageCount } = await channel.checkQueue(queue);
      for (let n = 0; n < messageCount; n += 1) {
        const message = await channel.get(queue, { noAck: false });
        if (message === false) break;
        if (!String(message.properties.messageId ?? '').startsWith(prefix)) continue;
        channel.ack(message);
        removed += 1;
      }
    }
  } finally {
    // Closing the channel returns every message not acked, untouched (as the readers do).
    await channel.close().catch(() => undefined);
  }
  return removed;
};

/** The real MessageHands of a lab run: straight to the servers, never through the apps' hops. */
export const labMessages = (brokers: LabBrokers): MessageHands => ({
  plantOnQueue: async (family, messages) => {
    const queues = await brokers.queuesOf(family);
    if (queues.length === 0) throw new Error(`no queue ${family}: its consumer never declared it`);
    for (const queue of queues)
      for (const message of messages) await brokers.publishToQueue(queue, message);
  },
  plantOnExchange: (exchange, key, message) => brokers.publishToExchange(exchange, key, message),
  plantOnTopic: async (topic, messages) => {
    for (const message of messages) await brokers.produce(topic, message);
  },
  duplicateEverything: async () => {
    const rabbit = await duplicateRabbitDeliveries(brokers);
    const kafka = await duplicateKafkaRecords(brokers);
    return async () =>
      `${await rabbit()} RabbitMQ deliveries and ${await kafka()} Kafka records copied`;
  },
  reverseBacklog: (queue) => reverseBacklog(brokers, queue),
  removePlanted: (prefix) => removePlanted(brokers, prefix),
});
