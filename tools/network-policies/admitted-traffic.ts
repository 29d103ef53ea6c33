// What the NetworkPolicies of k8s/ (and Strimzi's, written from the Kafka listeners'
// networkPolicyPeers) let in: one edge per source pod, target pod and port or port range.
import { NAMESPACE, selects, type K8sObject, type Labels, type Pod } from './cluster-pods.js';

/** `from` is a pod id, or `*` for any source; `port` is `5432`, `6000-6500` or `all`. */
export type Edge = { from: string; to: string; port: string };

export const edgeName = ({ from, to, port }: Edge): string => `${from} -> ${to}:${port}`;

type Selector = { matchLabels?: Labels; matchExpressions?: unknown[] };
type Peer = { podSelector?: Selector; namespaceSelector?: Selector; ipBlock?: unknown };
type PolicyPort = { port?: number | string; endPort?: number; protocol?: string };
type Rule = { from?: Peer[]; ports?: PolicyPort[] };

export type Admitted = { edges: Edge[]; problems: string[] };

/** The pods a peer names: its own namespace's by podSelector, others' by namespaceSelector. */
const peerPods = (peer: Peer, pods: readonly Pod[]): Pod[] | 'anyone' => {
  if (peer.ipBlock !== undefined) return 'anyone';
  return pods.filter((pod) =>
    peer.namespaceSelector === undefined
      ? pod.namespace === NAMESPACE && selects(peer.podSelector, pod.labels)
      : selects(peer.namespaceSelector, { 'kubernetes.io/metadata.name': pod.namespace }) &&
        selects(peer.podSelector, pod.labels),
  );
};

const portSpec = (port: PolicyPort, target: Pod): string => {
  if (port.protocol !== undefined && port.protocol !== 'TCP')
    return `${port.protocol}/${port.port}`;
  if (port.port === undefined) return 'all';
  const number = typeof port.port === 'number' ? port.port : target.namedPorts[port.port];
  if (number === undefined) return `unknown port "${port.port}"`;
  return port.endPort === undefined ? String(number) : `${number}-${port.endPort}`;
};

/** The edges one ingress rule opens to the pods its policy selects. */
const ruleEdges = (where: string, rule: Rule, targets: readonly Pod[], pods: readonly Pod[]) => {
  const problems: string[] = [];
  const sources = (rule.from ?? [{ ipBlock: 'any' }]).flatMap((peer) => {
    const matched = peerPods(peer, pods);
    if (matched === 'anyone') return ['*'];
    if (matched.length === 0)
      problems.push(`${where}: a peer selects no pod: ${JSON.stringify(peer)}`);
    return matched.map((pod) => pod.id);
  });
  const edges = targets.flatMap((target) =>
    (rule.ports ?? [{}]).flatMap((port) =>
      sources.map((from) => ({ from, to: target.id, port: portSpec(port, target) })),
    ),
  );
  return { edges, problems };
};

const policyEdges = (policy: K8sObject, pods: readonly Pod[]): Admitted => {
  const where = `NetworkPolicy ${policy.metadata?.name}`;
  const spec = policy.spec as { podSelector?: Selector; ingress?: Rule[] };
  const targets = pods.filter(
    (pod) => pod.namespace === NAMESPACE && selects(spec.podSelector, pod.labels),
  );
  const results = (spec.ingress ?? []).map((rule) => ruleEdges(where, rule, targets, pods));
  return {
    edges: results.flatMap(({ edges }) => edges),
    problems: [
      ...(targets.length === 0 ? [`${where} selects no pod`] : []),
      ...results.flatMap(({ problems }) => problems),
    ],
  };
};

type Listener = { name?: string; port: number; networkPolicyPeers?: Peer[] };

/** Strimzi admits a listener's port from its networkPolicyPeers, or from anyone without them. */
const kafkaListenerEdges = (kafka: K8sObject, pods: readonly Pod[]): Admitted => {
  const listeners = (kafka.spec as { kafka?: { listeners?: Listener[] } }).kafka?.listeners ?? [];
  const brokers = pods.filter((pod) => pod.id === `Kafka/${kafka.metadata?.name}`);
  const results = listeners.map((listener) =>
    ruleEdges(
      `Kafka ${kafka.metadata?.name} listener ${listener.name}`,
      {
        ...(listener.networkPolicyPeers ? { from: listener.networkPolicyPeers } : {}),
        ports: [{ port: listener.port }],
      },
      brokers,
      pods,
    ),
  );
  return {
    edges: results.flatMap(({ edges }) => edges),
    problems: results.flatMap(({ problems }) => problems),
  };
};

export const admittedTraffic = (objects: readonly K8sObject[], pods: readonly Pod[]): Admitted => {
  const results = objects.flatMap((object) =>
    object.kind === 'NetworkPolicy'
      ? [policyEdges(object, pods)]
      : object.kind === 'Kafka'
        ? [kafkaListenerEdges(object, pods)]
        : [],
  );
  return {
    edges: results.flatMap(({ edges }) => edges),
    problems: results.flatMap(({ problems }) => problems),
  };
};

/** Does an admitted port (a number, a range, or all) cover a required one? */
export const covers = (admitted: string, required: string): boolean => {
  if (admitted === 'all' || admitted === required) return true;
  const [low, high] = admitted.split('-').map(Number);
  const wanted = Number(required);
  return high !== undefined && Number.isInteger(wanted) && wanted >= (low ?? 0) && wanted <= high;
};
