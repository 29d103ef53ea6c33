// Writes every way of provisioning the services' RabbitMQ users from the one source
// (libs/contracts/src/broker-identities.ts): the definitions compose loads and infra/local posts,
// the conf.d file that makes the compose node load them, and the topology operator's resources;
// and the services' Kafka users and ACLs from libs/contracts/src/kafka-identities.ts: the script
// infra/local and compose's one-shot container run, and Strimzi's KafkaUser resources.
// Run after changing the identities; tools/compose-check fails until the files match them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  brokerDefinitionsJson,
  composeBrokerIdentitiesConf,
  k8sBrokerIdentitiesYaml,
  k8sKafkaIdentitiesYaml,
  kafkaIdentitiesShell,
  repoRoot,
} from '@pattern-shop/testing';

const BROKER_IDENTITY_FILES = [
  ['infra/rabbitmq/broker-identities.json', brokerDefinitionsJson()],
  ['infra/rabbitmq/broker-identities.conf', composeBrokerIdentitiesConf()],
  ['k8s/infrastructure/rabbitmq-identities.yaml', k8sBrokerIdentitiesYaml()],
  ['infra/kafka/kafka-identities.sh', kafkaIdentitiesShell()],
  ['k8s/infrastructure/kafka-identities.yaml', k8sKafkaIdentitiesYaml()],
] as const;

for (const [file, text] of BROKER_IDENTITY_FILES) {
  mkdirSync(dirname(join(repoRoot(), file)), { recursive: true });
  writeFileSync(join(repoRoot(), file), text);
  console.log(`wrote ${file}`);
}
