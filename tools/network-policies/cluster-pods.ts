// The pods of k8s/ as NetworkPolicies see them: the ones its workloads declare, the ones the
// operators make from its custom resources, and the operators' own pods in their namespaces.
import type { Container } from '../compose-check/k8s-manifests.js';

export const NAMESPACE = 'pattern-shop';

export type Labels = Record<string, string>;

export type Pod = {
  /** `<kind>/<name>` of what makes it, or `<namespace>/<name>` outside ours. */
  id: string;
  namespace: string;
  labels: Labels;
  /** Named container ports, the ones a policy or a Service may name. */
  namedPorts: Record<string, number>;
  /** The app its image runs (`pattern-shop-<app>`), for reading the app's settings. */
  app?: string;
  containers: Container[];
};

type PodTemplate = { metadata?: { labels?: Labels }; spec?: { containers?: Container[] } };

export type K8sObject = {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string };
  spec?: Record<string, unknown> & {
    template?: PodTemplate;
    jobTemplate?: { spec?: { template?: PodTemplate } };
  };
};

const podOf = (id: string, template: PodTemplate | undefined): Pod => {
  const containers = template?.spec?.containers ?? [];
  const image = (containers[0] as { image?: string } | undefined)?.image ?? '';
  const app = /^pattern-shop-([a-z-]+)/.exec(image)?.[1];
  return {
    id,
    namespace: NAMESPACE,
    labels: template?.metadata?.labels ?? {},
    namedPorts: Object.fromEntries(
      containers.flatMap((container) =>
        (container.ports ?? []).flatMap(({ name, containerPort }) =>
          name === undefined ? [] : [[name, containerPort] as const],
        ),
      ),
    ),
    ...(app === undefined ? {} : { app }),
    containers,
  };
};

/** Pods of Deployments and CronJobs, as their templates label them. */
export const workloadPods = (objects: readonly K8sObject[]): Pod[] =>
  objects.flatMap((object) => {
    const id = `${object.kind}/${object.metadata?.name}`;
    if (object.kind === 'Deployment') return [podOf(id, object.spec?.template)];
    if (object.kind === 'CronJob') return [podOf(id, object.spec?.jobTemplate?.spec?.template)];
    return [];
  });

/** A pod an operator makes, and the Service in front of it that clients name. */
export type OperatorPod = Pod & { serviceName: string };

/**
 * The labels each operator puts on the pods of a custom resource, and the client Service it
 * creates (CloudNativePG `<name>-rw`, RabbitMQ `<name>`, Strimzi `<name>-kafka-bootstrap`).
 */
const OPERATOR_CONVENTIONS: Record<string, (name: string) => { labels: Labels; service: string }> =
  {
    Cluster: (name) => ({ labels: { 'cnpg.io/cluster': name }, service: `${name}-rw` }),
    RabbitmqCluster: (name) => ({
      labels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': 'rabbitmq' },
      service: name,
    }),
    Kafka: (name) => ({
      labels: { 'strimzi.io/cluster': name, 'strimzi.io/kind': 'Kafka' },
      service: `${name}-kafka-bootstrap`,
    }),
  };

export const operatorPods = (objects: readonly K8sObject[]): OperatorPod[] =>
  objects.flatMap((object) => {
    const convention = OPERATOR_CONVENTIONS[object.kind ?? ''];
    const name = object.metadata?.name;
    if (!convention || name === undefined) return [];
    const { labels, service } = convention(name);
    const pod = { id: `${object.kind}/${name}`, namespace: NAMESPACE, labels, namedPorts: {} };
    return [{ ...pod, containers: [], serviceName: service }];
  });

/**
 * The operators' pods, installed as k8s/README.md's Prerequisites say (namespace and labels of
 * their releases). They reach into ours: KEDA reads queue lengths, the others reconcile.
 */
export const OUTSIDE_OPERATORS: Pod[] = (
  [
    { namespace: 'keda', labels: { 'app.kubernetes.io/name': 'keda-operator' } },
    { namespace: 'cnpg-system', labels: { 'app.kubernetes.io/name': 'cloudnative-pg' } },
    {
      namespace: 'rabbitmq-system',
      labels: {
        'app.kubernetes.io/name': 'rabbitmq-cluster-operator',
        'app.kubernetes.io/component': 'rabbitmq-operator',
      },
    },
    {
      namespace: 'rabbitmq-system',
      labels: {
        'app.kubernetes.io/name': 'messaging-topology-operator',
        'app.kubernetes.io/component': 'rabbitmq-operator',
      },
    },
  ] as { namespace: string; labels: Labels }[]
).map(({ namespace, labels }) => ({
  id: `${namespace}/${labels['app.kubernetes.io/name']}`,
  namespace,
  labels,
  namedPorts: {},
  containers: [],
}));

type Selector = { matchLabels?: Labels; matchExpressions?: unknown[] };

/** A label selector's verdict; `matchExpressions` is refused rather than guessed at. */
export const selects = (selector: Selector | undefined, labels: Labels): boolean => {
  if (selector?.matchExpressions?.length)
    throw new Error('matchExpressions is not modelled: use matchLabels');
  return Object.entries(selector?.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
};
