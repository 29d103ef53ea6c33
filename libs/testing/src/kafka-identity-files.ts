import { stringify } from 'yaml';
import {
  KAFKA_IDENTITIES,
  type KafkaAcl,
  type KafkaIdentity,
  kafkaAclsOf,
  kafkaDevPassword,
} from '@pattern-shop/contracts';

const GENERATED = 'Written by tools/local-stack/src/write-broker-identity-files.ts from';
const SOURCE =
  'libs/contracts/src/kafka-identities.ts (docs/security.md, Broker identities (Kafka)).';

const shellAcl = (user: string, acl: KafkaAcl): string =>
  ['kafka_acl', user, acl.pattern, acl.resource, acl.name, ...acl.operations].join(' ');

/**
 * infra/kafka/kafka-identities.sh: the services' SCRAM users (development passwords) and ACLs, as
 * calls of two commands its caller defines (infra/local/lib/kafka.sh natively, and
 * infra/kafka/provision-identities.sh in compose's one-shot container).
 */
export const kafkaIdentitiesShell = (): string =>
  [
    `# shellcheck shell=bash`,
    `# ${GENERATED}`,
    `# ${SOURCE}`,
    '# The caller defines kafka_user USER PASSWORD and',
    '# kafka_acl USER literal|prefixed topic|group NAME OPERATION...; both add idempotently.',
    '',
    'kafka_identity_users() {',
    `  printf '%s\\n' ${KAFKA_IDENTITIES.map(({ user }) => user).join(' ')}`,
    '}',
    '',
    'kafka_identities() {',
    ...KAFKA_IDENTITIES.flatMap((identity) => [
      `  kafka_user ${identity.user} ${kafkaDevPassword(identity.user)}`,
      ...kafkaAclsOf(identity).map((acl) => `  ${shellAcl(identity.user, acl)}`),
    ]),
    '}',
    '',
  ].join('\n');

/**
 * The Secret Strimzi's User Operator writes a KafkaUser's password into (key `password`): the
 * user's name after the Kafka resource's `secretPrefix`.
 */
export const k8sKafkaUserSecret = (service: string): string => `kafka-user-${service}`;

const strimziAcl = (acl: KafkaAcl) => ({
  resource: {
    type: acl.resource,
    name: acl.name,
    patternType: acl.pattern === 'prefixed' ? 'prefix' : 'literal',
  },
  operations: [...acl.operations],
});

const kafkaUser = (identity: KafkaIdentity) => ({
  apiVersion: 'kafka.strimzi.io/v1',
  kind: 'KafkaUser',
  // The resource's name is the user's name, as natively and in compose.
  metadata: { name: identity.user, labels: { 'strimzi.io/cluster': 'kafka' } },
  spec: {
    authentication: { type: 'scram-sha-512' },
    authorization: { type: 'simple', acls: kafkaAclsOf(identity).map(strimziAcl) },
  },
});

/** k8s/infrastructure/kafka-identities.yaml, for Strimzi's User Operator. */
export const k8sKafkaIdentitiesYaml = (): string =>
  [
    `# ${GENERATED}`,
    `# ${SOURCE}`,
    "# A KafkaUser per service: Strimzi's User Operator creates its SCRAM-SHA-512 credentials (the",
    '# Secret kafka-user-<service>, key `password`) and its ACLs on the cluster `kafka`.',
    ...KAFKA_IDENTITIES.map(
      (identity) => `---\n${stringify(kafkaUser(identity), { lineWidth: 0 })}`,
    ),
  ].join('\n');
