import { KAFKA_TOPICS } from './messaging-names.js';
import type { ServiceName } from './services.js';

/**
 * What one service does on Kafka, the one source its SCRAM user's ACLs are derived from
 * (docs/security.md, Broker identities (Kafka)): the topics it owns (creates at start and
 * writes), the topics it reads, and the consumer groups it reads them in (every group id that
 * starts with `groupPrefix`: tests and replays run groups of their own, e.g. `analytics.replay.<run>`).
 */
export type KafkaIdentity = Readonly<{
  user: ServiceName;
  owns: readonly string[];
  reads: readonly string[];
  groupPrefix?: string;
}>;

export const KAFKA_IDENTITIES: readonly KafkaIdentity[] = [
  { user: 'order-service', owns: [KAFKA_TOPICS.orders], reads: [] },
  { user: 'payment-service', owns: [KAFKA_TOPICS.payments], reads: [] },
  { user: 'inventory-service', owns: [KAFKA_TOPICS.inventory], reads: [] },
  {
    user: 'analytics-service',
    owns: [],
    reads: Object.values(KAFKA_TOPICS),
    groupPrefix: 'analytics',
  },
];

/** One ACL binding: the operations a user is allowed on a resource (a name, or a prefix). */
export type KafkaAcl = Readonly<{
  resource: 'topic' | 'group';
  pattern: 'literal' | 'prefixed';
  name: string;
  operations: readonly KafkaOperation[];
}>;

export type KafkaOperation = 'Alter' | 'Create' | 'Delete' | 'Describe' | 'Read' | 'Write';

/**
 * Kafka's ACLs for an identity: an owner creates, grows (Alter) and writes its topics; a reader
 * reads and describes (offsets, lag) the topics it reads; its groups may read (join, commit),
 * describe and be deleted (a replay removes its own group); and each group's dead-letter topic
 * `<group>.dlq` is its own, hence the same prefix on topics.
 */
export const kafkaAclsOf = (identity: KafkaIdentity): readonly KafkaAcl[] => [
  ...identity.owns.map((name): KafkaAcl => ({
    resource: 'topic',
    pattern: 'literal',
    name,
    operations: ['Create', 'Alter', 'Describe', 'Write'],
  })),
  ...identity.reads.map((name): KafkaAcl => ({
    resource: 'topic',
    pattern: 'literal',
    name,
    operations: ['Describe', 'Read'],
  })),
  ...(identity.groupPrefix === undefined
    ? []
    : [
        {
          resource: 'group',
          pattern: 'prefixed',
          name: identity.groupPrefix,
          operations: ['Read', 'Describe', 'Delete'],
        } as const,
        {
          resource: 'topic',
          pattern: 'prefixed',
          name: identity.groupPrefix,
          operations: ['Create', 'Describe', 'Write'],
        } as const,
      ]),
];

export const kafkaIdentityOf = (user: string): KafkaIdentity => {
  const identity = KAFKA_IDENTITIES.find((candidate) => candidate.user === user);
  if (identity === undefined) throw new Error(`${user} has no Kafka identity`);
  return identity;
};

/** The operator's Kafka user: tests, CLIs, chaos tools (a super user); never a service. */
export const KAFKA_OPERATOR = { user: 'shop', password: 'shop_dev' } as const;

/** The local development password of a service's Kafka user; never used outside a laptop. */
export const kafkaDevPassword = (user: string): string => `${user}_dev`;
