// Jest globalSetup of the int and e2e tiers: the services' RabbitMQ users (the apps log in with
// their own), a warning when Kafka takes no operator login (a broker from before SASL), and the
// depth of every RabbitMQ queue before the run, so the teardown can name the queues this run left
// messages in. Uses the built test kit (dist).

import { kafkaLoginProblem, provisionBrokerIdentities, queueDepths } from '@pattern-shop/testing';

export default async () => {
  if (globalThis.queueDepthsBeforeRun !== undefined) return; // both tiers share one run
  await provisionBrokerIdentities().catch((error) =>
    console.warn(`services' RabbitMQ users not provisioned: ${error.message}`),
  );
  const kafkaProblem = await kafkaLoginProblem();
  if (kafkaProblem !== undefined) console.warn(kafkaProblem);
  try {
    globalThis.queueDepthsBeforeRun = await queueDepths();
  } catch (error) {
    globalThis.queueDepthsBeforeRun = null;
    console.warn(`leftover check off: cannot read the queues (${error.message})`);
  }
};
