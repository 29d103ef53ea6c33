import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import {
  BROKER_IDENTITIES,
  type BrokerIdentity,
  brokerDevPassword,
  topicPermissionsOf,
  vhostPermissionsOf,
} from '@pattern-shop/contracts';

/** The operator's user: tests, the CLIs that work on queues, the console, the queue readers. */
export const BROKER_OPERATOR = { user: 'shop', password: 'shop_dev' } as const;

/** Where compose mounts the definitions; the conf file in conf.d points the node at it. */
const DEFINITIONS_IN_CONTAINER = '/etc/rabbitmq/broker-identities.json';

/**
 * RabbitMQ's `rabbit_password_hashing_sha256`: base64(salt ++ sha256(salt ++ password)). The salt
 * comes from the user name, so the written file is the same on every run (its sync test).
 */
const passwordHash = (user: string, password: string): string => {
  const salt = createHash('sha256').update(`pattern-shop:${user}`).digest().subarray(0, 4);
  const hash = createHash('sha256').update(salt).update(password, 'utf8').digest();
  return Buffer.concat([salt, hash]).toString('base64');
};

const user = (name: string, password: string, tags: string) => ({
  name,
  password_hash: passwordHash(name, password),
  hashing_algorithm: 'rabbit_password_hashing_sha256',
  tags,
});

/**
 * The definitions of every broker identity, with the development passwords: loaded by the compose
 * node at boot and posted to the management API by infra/local. The operator's user is in them
 * because a node that loads definitions at boot creates no default user.
 */
export const brokerDefinitions = () => ({
  vhosts: [{ name: '/' }],
  users: [
    user(BROKER_OPERATOR.user, BROKER_OPERATOR.password, 'administrator'),
    // `management`: the service's queue monitor reads its queues from the management API.
    ...BROKER_IDENTITIES.map((identity) =>
      user(identity.user, brokerDevPassword(identity.user), 'management'),
    ),
  ],
  permissions: [
    { user: BROKER_OPERATOR.user, vhost: '/', configure: '.*', write: '.*', read: '.*' },
    ...BROKER_IDENTITIES.map((identity) => ({
      user: identity.user,
      vhost: '/',
      ...vhostPermissionsOf(identity),
    })),
  ],
  topic_permissions: BROKER_IDENTITIES.flatMap((identity) =>
    topicPermissionsOf(identity).map((topic) => ({ user: identity.user, vhost: '/', ...topic })),
  ),
});

const GENERATED = 'Written by tools/local-stack/src/write-broker-identity-files.ts from';
const SOURCE = 'libs/contracts/src/broker-identities.ts (docs/security.md, Broker identities).';

/** infra/rabbitmq/broker-identities.json */
export const brokerDefinitionsJson = (): string =>
  `${JSON.stringify(brokerDefinitions(), null, 2)}\n`;

/** infra/rabbitmq/broker-identities.conf, mounted into /etc/rabbitmq/conf.d/. */
export const composeBrokerIdentitiesConf = (): string =>
  [
    `# ${GENERATED}`,
    `# ${SOURCE}`,
    '# One user per service with least privilege, and the operator user `shop`.',
    `load_definitions = ${DEFINITIONS_IN_CONTAINER}`,
    '',
  ].join('\n');

/** The mount point of the definitions, for docker-compose.yml's check. */
export const composeBrokerDefinitionsPath = DEFINITIONS_IN_CONTAINER;

const cluster = { name: 'rabbitmq' };
const k8sName = (name: string): string => name.replace(/[^a-z0-9-]/g, '-');

const k8sResources = (identity: BrokerIdentity) => [
  {
    apiVersion: 'rabbitmq.com/v1beta1',
    kind: 'User',
    metadata: { name: identity.user },
    // No imported credentials: the operator generates them into `<name>-user-credentials`.
    spec: { tags: ['management'], rabbitmqClusterReference: cluster },
  },
  {
    apiVersion: 'rabbitmq.com/v1beta1',
    kind: 'Permission',
    metadata: { name: identity.user },
    spec: {
      vhost: '/',
      userReference: { name: identity.user },
      permissions: vhostPermissionsOf(identity),
      rabbitmqClusterReference: cluster,
    },
  },
  ...topicPermissionsOf(identity).map((topic) => ({
    apiVersion: 'rabbitmq.com/v1beta1',
    kind: 'TopicPermission',
    metadata: { name: `${identity.user}-${k8sName(topic.exchange)}` },
    spec: {
      vhost: '/',
      userReference: { name: identity.user },
      permissions: topic,
      rabbitmqClusterReference: cluster,
    },
  })),
];

/** The Secret a service's pod takes its RabbitMQ user name and password from. */
export const k8sBrokerCredentialsSecret = (service: string): string =>
  `${service}-user-credentials`;

/** k8s/infrastructure/rabbitmq-identities.yaml, for RabbitMQ's messaging topology operator. */
export const k8sBrokerIdentitiesYaml = (): string =>
  [
    `# ${GENERATED}`,
    `# ${SOURCE}`,
    "# Resources of RabbitMQ's messaging topology operator: a User per service (credentials generated",
    '# by the operator into the Secret <service>-user-credentials), its Permission on vhost /, and a',
    '# TopicPermission per system topic exchange limiting the routing keys it may publish.',
    ...BROKER_IDENTITIES.flatMap(k8sResources).map(
      (resource) => `---\n${stringify(resource, { lineWidth: 0 })}`,
    ),
  ].join('\n');
