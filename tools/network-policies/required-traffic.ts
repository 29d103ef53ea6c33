// The connections the system makes on Kubernetes, read from what makes them: each app's settings
// (the addresses its configuration declares, with the values its pod gets) and KEDA's triggers,
// plus the operators' own traffic, which their documentation fixes.
import { environmentOf, type Manifest } from '../compose-check/k8s-manifests.js';
import type { Edge } from './admitted-traffic.js';
import { NAMESPACE, selects, type K8sObject, type OperatorPod, type Pod } from './cluster-pods.js';

/** A setting holds an address the app connects to: `*_URL` (not one handed to browsers), and these. */
export const isAddressSetting = (name: string): boolean =>
  (/_URL$/.test(name) && !/_PUBLIC_URL$/.test(name)) ||
  ['KAFKA_BROKERS', 'SMTP_HOST', 'OTEL_EXPORTER_OTLP_ENDPOINT'].includes(name);

/** Hosts no manifest here provides, on purpose: the pod itself, and a Prometheus of your own (README). */
export const OUTSIDE_THE_MANIFESTS = ['127.0.0.1', 'localhost', 'prometheus'];

const DEFAULT_PORTS: Record<string, number> = {
  'http:': 80,
  'https:': 443,
  'amqp:': 5672,
  'postgres:': 5432,
};

type Address = { host: string; port: number };

/** The hosts and ports one setting's value names; `$(VAR)` credentials are no part of them. */
const addressesOf = (name: string, env: Record<string, string>): Address[] => {
  const value = (env[name] ?? '').replace(/\$\([A-Z0-9_]+\)/g, 'x');
  if (name === 'KAFKA_BROKERS')
    return value.split(',').map((broker) => {
      const [host = '', port = '9092'] = broker.trim().split(':');
      return { host, port: Number(port) };
    });
  if (name === 'SMTP_HOST') return [{ host: value, port: Number(env['SMTP_PORT'] ?? 1025) }];
  const url = new URL(value);
  return [{ host: url.hostname, port: Number(url.port || DEFAULT_PORTS[url.protocol]) }];
};

type Service = {
  name: string;
  pods: Pod[];
  ports: { port: number; targetPort: number | string }[];
};

/** Services by name: k8s/'s own, and the client Services the operators create. */
const servicesOf = (
  objects: readonly K8sObject[],
  pods: readonly Pod[],
  made: readonly OperatorPod[],
) => {
  const declared = objects.flatMap((object): Service[] => {
    if (object.kind !== 'Service') return [];
    const spec = object.spec as { selector?: Record<string, string>; ports?: Service['ports'] };
    const selected = pods.filter((pod) =>
      selects({ matchLabels: spec.selector ?? {} }, pod.labels),
    );
    return [{ name: object.metadata?.name ?? '', pods: selected, ports: spec.ports ?? [] }];
  });
  const operators = made.map((pod) => ({ name: pod.serviceName, pods: [pod], ports: [] }));
  return new Map([...declared, ...operators].map((service) => [service.name, service]));
};

export type Required = { edges: Edge[]; problems: string[] };

/**
 * What each pod connects to. `declaredSettings(app)` lists the settings the app's configuration
 * reads; a setting the manifests set but the app does not read makes no connection.
 */
export const appTraffic = (
  objects: readonly K8sObject[],
  pods: readonly Pod[],
  made: readonly OperatorPod[],
  declaredSettings: (app: string) => readonly string[],
): Required => {
  const services = servicesOf(objects, pods, made);
  const problems: string[] = [];
  const edges = pods.flatMap((pod) => {
    if (pod.app === undefined) return [];
    const read = declaredSettings(pod.app).filter(isAddressSetting);
    return pod.containers.flatMap((container) => {
      const env = environmentOf(container, objects as Manifest[]);
      return read
        .filter((name) => env[name] !== undefined)
        .flatMap((name) =>
          addressesOf(name, env).flatMap(({ host, port }): Edge[] => {
            const serviceName = host.replace(
              new RegExp(`\\.${NAMESPACE}\\.svc(\\.cluster\\.local)?$`),
              '',
            );
            const service = services.get(serviceName);
            if (service === undefined) {
              if (!OUTSIDE_THE_MANIFESTS.includes(host))
                problems.push(
                  `${pod.id} ${name}: no Service "${host}" in k8s/ or made by an operator`,
                );
              return [];
            }
            const mapped = service.ports.find((candidate) => candidate.port === port);
            return service.pods.map((target) => {
              const targetPort = mapped?.targetPort ?? port;
              const number =
                typeof targetPort === 'number' ? targetPort : target.namedPorts[targetPort];
              return {
                from: pod.id,
                to: target.id,
                port: String(number ?? `unknown ${targetPort}`),
              };
            });
          }),
        );
    });
  });
  return { edges, problems };
};

type Trigger = { type?: string; metadata?: { host?: string; protocol?: string } };

/** KEDA's operator reads each RabbitMQ trigger's queue, over AMQP or the management API. */
export const kedaTraffic = (objects: readonly K8sObject[], made: readonly OperatorPod[]): Edge[] =>
  objects
    .filter((object) => object.kind === 'ScaledObject')
    .flatMap((object) => (object.spec as { triggers?: Trigger[] }).triggers ?? [])
    .filter((trigger) => trigger.type === 'rabbitmq')
    .flatMap(({ metadata }) => {
      const url = new URL(metadata?.host ?? '');
      const port = url.port || (metadata?.protocol === 'http' ? '15672' : '5672');
      const service = url.hostname.split('.')[0];
      return made
        .filter((pod) => pod.serviceName === service)
        .map((pod) => ({ from: 'keda/keda-operator', to: pod.id, port }));
    });
