import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { type Admin, type Consumer, Kafka, logLevel } from 'kafkajs';
import {
  chaosProxy,
  infra,
  LOCAL_INFRA,
  populateChaosProxies,
  ToxiproxyClient,
  waitFor,
} from '@pattern-shop/testing';

// analytics-service's hop: its own broker listener advertises this proxy (infra/local/kafka).
const hop = chaosProxy('analytics-service', 'kafka');
const topic = `toxiproxy-spec-${randomBytes(4).toString('hex')}`;
const toxiproxy = new ToxiproxyClient();

/** A client that gives up fast, so a stalled link shows as an error within the test. */
const kafkaAt = (address: string) =>
  new Kafka({
    clientId: 'toxiproxy-spec',
    brokers: [address],
    sasl: LOCAL_INFRA.kafkaOperatorSasl,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    requestTimeout: 1_500,
    retry: { retries: 0 },
  });
const throughProxy = kafkaAt(`127.0.0.1:${hop.listenPort}`);
const direct = kafkaAt(LOCAL_INFRA.kafkaBrokers);

const sendOne = async (kafka: Kafka, value: string): Promise<void> => {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  try {
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ key: 'k', value }] });
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
};

describe('Kafka through Toxiproxy: a second listener that advertises the proxy', () => {
  let admin: Admin;
  const consumers: Consumer[] = [];

  beforeAll(async () => {
    await infra('up', 'kafka', 'toxiproxy');
    await populateChaosProxies(toxiproxy);
    admin = direct.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  }, 240_000);

  afterEach(() => toxiproxy.reset());

  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.disconnect()));
    await admin?.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin?.disconnect();
  }, 30_000);

  it('given the proxy, when a client connects through it, then the broker sends it back to the proxy, and it produces and consumes', async () => {
    const proxiedAdmin = throughProxy.admin();
    await proxiedAdmin.connect();
    const { brokers } = await proxiedAdmin.describeCluster();
    await proxiedAdmin.disconnect();
    expect(brokers).toEqual([expect.objectContaining({ host: '127.0.0.1', port: hop.listenPort })]);

    await sendOne(throughProxy, 'through the proxy');
    const consumer = throughProxy.consumer({ groupId: `${topic}-group`, maxWaitTimeInMs: 250 });
    consumers.push(consumer);
    const seen: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => void seen.push(String(message.value)),
    });
    await waitFor('the record read through the proxy', async () =>
      seen.includes('through the proxy') ? true : undefined,
    );
  }, 30_000);

  it('given a timeout toxic on the proxy, then a client through it fails while the direct listener keeps working, and removing the toxic heals it', async () => {
    await toxiproxy.addToxic(hop.name, {
      name: 'stall',
      type: 'timeout',
      attributes: { timeout: 0 },
    });

    await expect(sendOne(throughProxy, 'stalled')).rejects.toThrow();
    await sendOne(direct, 'direct while the proxy stalls');

    await toxiproxy.removeToxic(hop.name, 'stall');
    await sendOne(throughProxy, 'after healing');
    const offsets = await admin.fetchTopicOffsets(topic);
    // through the proxy (test 1), direct, after healing: the stalled one never got in.
    expect(offsets[0]?.high).toBe('3');
  }, 30_000);

  it('given the proxy disabled (the link cut), then a client through it is refused at once', async () => {
    await toxiproxy.setEnabled(hop.name, false);
    const started = performance.now();

    await expect(sendOne(throughProxy, 'cut')).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(5_000);
    expect((await toxiproxy.proxy(hop.name)).enabled).toBe(false);
  }, 30_000);
});
