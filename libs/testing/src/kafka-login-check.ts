import { Kafka, logLevel } from 'kafkajs';
import { LOCAL_INFRA } from './local-environment.js';

/**
 * Why the operator cannot log in to the local Kafka, or undefined when it can: a broker started
 * by a tree from before SASL/SCRAM takes no login, and every Kafka test would fail on it.
 */
export const kafkaLoginProblem = async (): Promise<string | undefined> => {
  const admin = new Kafka({
    clientId: 'test-setup',
    brokers: [LOCAL_INFRA.kafkaBrokers],
    sasl: LOCAL_INFRA.kafkaOperatorSasl,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    return undefined;
  } catch (error) {
    return `Kafka at ${LOCAL_INFRA.kafkaBrokers} refuses the operator's SASL/SCRAM login (${String(error)}); a broker started before Kafka identities is restarted by: infra/local/up kafka`;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
};
