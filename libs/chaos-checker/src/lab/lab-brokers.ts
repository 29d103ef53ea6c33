import { type ChannelModel, type ConfirmChannel, connect, type Options } from 'amqplib';
import { type Admin, Kafka, logLevel, type Producer } from 'kafkajs';
import { KAFKA_TOPICS } from '@pattern-shop/contracts';
import { getManagementJson, managementAuthorization } from '@pattern-shop/messaging-rabbitmq';
import { LOCAL_INFRA } from '@pattern-shop/testing';
import { isConsumedOrRetry, readAllQueues } from '../readers/queues.reader.js';
import { localAddresses } from '../readers/system-addresses.js';
import { headersOf, type PlantedMessage } from './planted-messages.js';

export type Binding = Readonly<{ source: string; routing_key: string; arguments: object }>;

/** A confirmed publish: the broker has the message when this resolves. */
export const publishConfirmed = (
  channel: ConfirmChannel,
  exchange: string,
  routingKey: string,
  content: Buffer,
  options: Options.Publish,
): Promise<void> =>
  new Promise((resolve, reject) => {
    channel.publish(exchange, routingKey, content, options, (error: unknown) =>
      error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(),
    );
  });

/**
 * The lab's own hands on both brokers, as an outside producer or consumer would have them:
 * direct to the servers, never through the apps' Toxiproxy hops.
 */
export class LabBrokers {
  readonly kafka = new Kafka({
    clientId: 'chaos-lab',
    brokers: [LOCAL_INFRA.kafkaBrokers],
    sasl: LOCAL_INFRA.kafkaOperatorSasl,
    logLevel: logLevel.NOTHING,
  });
  private connection: ChannelModel | undefined;
  private producer: Producer | undefined;
  private admin: Admin | undefined;

  async channel(): Promise<ConfirmChannel> {
    if (this.connection === undefined) {
      this.connection = await connect(LOCAL_INFRA.rabbitmqUrl);
      this.connection.on('error', () => undefined);
    }
    return this.connection.createConfirmChannel();
  }

  /**
   * The queues a family name stands for: itself, or for realtime-gateway its per-instance
   * queues (`realtime.order-events.<host>-<id>`), never the family's retry or dead-letter queues.
   */
  async queuesOf(family: string): Promise<string[]> {
    const names = (await readAllQueues(localAddresses())).map((queue) => queue.name);
    return names.filter(
      (name) =>
        name === family ||
        (name.startsWith(`${family}.`) && !name.endsWith('.dlq') && !name.includes('.retry.')),
    );
  }

  /** Where a planted message can be once the apps stopped: consumed, retry and dead-letter queues. */
  async systemQueues(): Promise<string[]> {
    const queues = await readAllQueues(localAddresses());
    return queues
      .map((queue) => queue.name)
      .filter((name) => name.endsWith('.dlq') || isConsumedOrRetry(name));
  }

  async bindingsOf(queue: string): Promise<Binding[]> {
    const addresses = localAddresses();
    const url = `${addresses.rabbitmqManagementUrl}/api/queues/%2F/${encodeURIComponent(queue)}/bindings`;
    const bindings = await getManagementJson<Binding[]>(url, {
      authorization: managementAuthorization(addresses.rabbitmqUrl),
    });
    // The default exchange binds every queue to its own name; only real routes are copied.
    return bindings.filter((binding) => binding.source !== '');
  }

  async publishToQueue(queue: string, message: PlantedMessage): Promise<void> {
    const channel = await this.channel();
    try {
      await publishConfirmed(channel, '', queue, message.body, optionsOf(message));
    } finally {
      await channel.close();
    }
  }

  async publishToExchange(exchange: string, key: string, message: PlantedMessage): Promise<void> {
    const channel = await this.channel();
    try {
      await publishConfirmed(channel, exchange, key, message.body, optionsOf(message));
    } finally {
      await channel.close();
    }
  }

  async produce(topic: string, message: PlantedMessage): Promise<void> {
    if (this.producer === undefined) {
      this.producer = this.kafka.producer();
      await this.producer.connect();
    }
    await this.producer.send({
      topic,
      messages: [{ key: message.messageId, value: message.body, headers: headersOf(message) }],
    });
  }

  /** analytics-service's group's committed offsets by `topic:partition`; one admin kept open. */
  async analyticsCommittedOffsets(): Promise<ReadonlyMap<string, number>> {
    if (this.admin === undefined) {
      this.admin = this.kafka.admin();
      await this.admin.connect();
    }
    const topics = Object.values(KAFKA_TOPICS);
    const committed = await this.admin.fetchOffsets({ groupId: 'analytics', topics });
    return new Map(
      committed.flatMap(({ topic, partitions }) =>
        partitions.map(
          ({ partition, offset }) => [`${topic}:${partition}`, Number(offset)] as const,
        ),
      ),
    );
  }

  async close(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
    this.admin = undefined;
    await this.producer?.disconnect().catch(() => undefined);
    await this.connection?.close().catch(() => undefined);
    this.producer = undefined;
    this.connection = undefined;
  }
}

const optionsOf = (message: PlantedMessage): Options.Publish => ({
  messageId: message.messageId,
  type: message.type,
  contentType: 'application/json',
  persistent: true,
  headers: headersOf(message),
});
