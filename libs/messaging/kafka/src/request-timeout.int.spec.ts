import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Kafka, KafkaJSRequestTimeoutError } from 'kafkajs';
import { LOCAL_INFRA, stateDir } from '@pattern-shop/testing';
import './kafka-client.js'; // applies the request queue fix, as every client of this library gets it

/** The fix replaces kafkajs's 100-ms timeout interval: a broker that stops answering must still time out. */
describe('kafkajs request timeouts on the real Kafka, with the request queue fix', () => {
  const kafka = new Kafka({
    clientId: 'request-timeout-spec',
    brokers: [LOCAL_INFRA.kafkaBrokers],
    sasl: LOCAL_INFRA.kafkaOperatorSasl,
    requestTimeout: 1_000,
    retry: { retries: 0 },
    logCreator: () => () => undefined,
  });
  const admin = kafka.admin();
  const kafkaPid = () => Number(readFileSync(join(stateDir(), 'run', 'kafka.pid'), 'utf8').trim());

  beforeAll(async () => {
    await admin.connect();
  }, 30_000);

  afterAll(async () => {
    await admin.disconnect();
  });

  it('given a connected client, when the broker freezes, then a request fails with a request timeout soon after its 1 s', async () => {
    await admin.describeCluster(); // connected and answered while the broker runs
    const pid = kafkaPid();
    process.kill(pid, 'SIGSTOP');
    let outcome: unknown;
    const started = performance.now();
    try {
      outcome = await admin.describeCluster().catch((error: unknown) => error);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    const tookMs = performance.now() - started;

    expect(outcome).toBeInstanceOf(KafkaJSRequestTimeoutError);
    expect(tookMs).toBeGreaterThanOrEqual(1_000);
    expect(tookMs).toBeLessThan(4_000);
  }, 30_000);

  it('given the broker thawed, then the same client answers again', async () => {
    const cluster = await admin.describeCluster();

    expect(cluster.brokers.length).toBeGreaterThan(0);
  }, 30_000);
});
