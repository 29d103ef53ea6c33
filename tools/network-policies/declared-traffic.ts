// Traffic no app setting names, fixed by documentation instead: the public entry points, and
// what each operator needs to reach in the servers it runs (each operator's networking guide).
import type { Edge } from './admitted-traffic.js';

type Declared = Edge & { why: string };

const each = (from: string[], to: string, ports: string[], why: string): Declared[] =>
  from.flatMap((source) => ports.map((port) => ({ from: source, to, port, why })));

export const DECLARED_TRAFFIC: Declared[] = [
  ...each(['*'], 'Deployment/web', ['8080'], 'the storefront: browsers, through your ingress'),
  ...each(['*'], 'Deployment/realtime-gateway', ['3006'], "browsers' socket.io and SSE"),
  ...each(
    ['Cluster/postgres', 'cnpg-system/cloudnative-pg'],
    'Cluster/postgres',
    ['5432', '8000'],
    'CloudNativePG: instances replicate; the operator reaches PostgreSQL and each instance manager',
  ),
  ...each(
    ['rabbitmq-system/rabbitmq-cluster-operator', 'rabbitmq-system/messaging-topology-operator'],
    'RabbitmqCluster/rabbitmq',
    ['15672'],
    'the RabbitMQ operators reconcile users and permissions through the management API',
  ),
  ...each(
    ['RabbitmqCluster/rabbitmq'],
    'RabbitmqCluster/rabbitmq',
    ['4369', '6000-6500', '25672', '35672-35682'],
    'RabbitMQ nodes: epmd, stream replication, clustering, CLI tools',
  ),
];
