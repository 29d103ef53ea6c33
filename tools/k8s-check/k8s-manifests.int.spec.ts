// k8s/ is held to the schemas of its kinds as Kubernetes' strict field validation would hold it:
// the core kinds to the Kubernetes OpenAPI spec, the operators' resources to their own CRDs
// (tools/k8s-check/install pins both). The first run installs the tools (progress on stderr).
import { beforeAll, describe, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  checkManifests,
  ensureToolchain,
  type Finding,
  manifestFiles,
  render,
  type Toolchain,
} from './src/k8s-check.js';

const K8S = join(import.meta.dirname, '..', '..', 'k8s');

interface Mutation {
  readonly story: string;
  readonly file: string;
  readonly kind: string;
  readonly name: string;
  readonly path: (string | number)[];
  readonly value: unknown;
  /** What the check must say, or nothing when Kubernetes keeps unknown keys there. */
  readonly problem?: string;
}

const MUTATIONS: Mutation[] = [
  {
    story: 'a Deployment with replicass',
    file: 'apps/order-service.yaml',
    kind: 'Deployment',
    name: 'order-service',
    path: ['spec', 'replicass'],
    value: 2,
    problem: "at '/spec': additional properties 'replicass' not allowed",
  },
  {
    story: 'a container with portz',
    file: 'apps/web.yaml',
    kind: 'Deployment',
    name: 'web',
    path: ['spec', 'template', 'spec', 'containers', 0, 'portz'],
    value: [{ containerPort: 8080 }],
    problem: "at '/spec/template/spec/containers/0': additional properties 'portz' not allowed",
  },
  {
    story: 'a Strimzi Kafka with a misspelled listener field',
    file: 'infrastructure/kafka.yaml',
    kind: 'Kafka',
    name: 'kafka',
    path: ['spec', 'kafka', 'listeners', 0, 'tsl'],
    value: false,
    problem: "at '/spec/kafka/listeners/0': additional properties 'tsl' not allowed",
  },
  {
    story: 'a CloudNativePG Cluster with instancez',
    file: 'infrastructure/postgres.yaml',
    kind: 'Cluster',
    name: 'postgres',
    path: ['spec', 'instancez'],
    value: 3,
    problem: "at '/spec': additional properties 'instancez' not allowed",
  },
  {
    story: 'a KEDA ScaledObject with a misspelled trigger field',
    file: 'autoscaling/payment-service.yaml',
    kind: 'ScaledObject',
    name: 'payment-service',
    path: ['spec', 'triggers', 0, 'authenticationReff'],
    value: { name: 'rabbitmq' },
    problem: "at '/spec/triggers/0': additional properties 'authenticationReff' not allowed",
  },
  {
    story: 'a RabbitmqCluster with a misspelled field',
    file: 'infrastructure/rabbitmq.yaml',
    kind: 'RabbitmqCluster',
    name: 'rabbitmq',
    path: ['spec', 'persistence', 'storageClass'],
    value: 'fast',
    problem: "at '/spec/persistence': additional properties 'storageClass' not allowed",
  },
  {
    story: 'a NetworkPolicy whose rule says form instead of from',
    file: 'network/infrastructure.yaml',
    kind: 'NetworkPolicy',
    name: 'postgres',
    path: ['spec', 'ingress', 0, 'form'],
    value: [],
    problem: "at '/spec/ingress/0': additional properties 'form' not allowed",
  },
  // Kafka's broker config is free-form in Strimzi's CRD (x-kubernetes-preserve-unknown-fields).
  {
    story: 'a new key in a Kafka broker config',
    file: 'infrastructure/kafka.yaml',
    kind: 'Kafka',
    name: 'kafka',
    path: ['spec', 'kafka', 'config', 'num.network.threads'],
    value: 3,
  },
];

const UNKNOWN_KIND =
  'apiVersion: kafka.strimzi.io/v1\nkind: KafkaTopicc\nmetadata:\n  name: typo\n';

function mutate(folder: string, { file, kind, name, path, value }: Mutation): void {
  const documents = parseAllDocuments(readFileSync(join(folder, file), 'utf8'));
  const target = documents.find(
    (doc) => doc.get('kind') === kind && doc.getIn(['metadata', 'name']) === name,
  );
  if (target === undefined) throw new Error(`${file} has no ${kind} ${name}`);
  target.setIn(path, value);
  writeFileSync(join(folder, file), documents.map((doc) => doc.toString()).join('---\n'));
}

let tools: Toolchain;
beforeAll(() => {
  tools = ensureToolchain();
}, 600_000);

describe('k8s manifests, validated strictly against the schemas of their kinds', () => {
  it('given k8s/, then kustomize renders every file and every document validates, rendered and as files', () => {
    const documentsInFiles = manifestFiles(K8S).flatMap((file) =>
      parseAllDocuments(readFileSync(file, 'utf8')),
    );
    expect(parseAllDocuments(render(tools, K8S))).toHaveLength(documentsInFiles.length);
    expect(checkManifests(tools, K8S)).toEqual([]);
  });

  describe('given a copy of k8s/ with one mistake per resource', () => {
    let findings: Finding[];
    beforeAll(() => {
      const copy = mkdtempSync(join(tmpdir(), 'k8s-check-'));
      try {
        cpSync(K8S, copy, { recursive: true });
        MUTATIONS.forEach((mutation) => mutate(copy, mutation));
        writeFileSync(join(copy, 'infrastructure/kafka.yaml'), `---\n${UNKNOWN_KIND}`, {
          flag: 'a',
        });
        findings = checkManifests(tools, copy);
      } finally {
        rmSync(copy, { recursive: true, force: true });
      }
    });

    it.each(MUTATIONS.filter((m) => m.problem !== undefined))(
      'when it has $story, then the check names the field, rendered and in $file',
      ({ file, kind, name, problem }) => {
        expect(findings).toContainEqual({ source: 'kustomize build', kind, name, problem });
        expect(findings).toContainEqual({ source: file, kind, name, problem });
      },
    );

    it('when a document is of a kind no schema describes, then it fails instead of passing unchecked', () => {
      const problem = expect.stringContaining('could not find schema for KafkaTopicc');
      expect(findings).toContainEqual({
        source: 'kustomize build',
        kind: 'KafkaTopicc',
        name: 'typo',
        problem,
      });
      expect(findings).toContainEqual({
        source: 'infrastructure/kafka.yaml',
        kind: 'KafkaTopicc',
        name: 'typo',
        problem,
      });
    });

    it('then it finds nothing else: a free-form field (a Kafka broker config key) keeps unknown keys', () => {
      const mistakes = MUTATIONS.filter((m) => m.problem !== undefined).length + 1;
      expect(findings).toHaveLength(2 * mistakes);
    });
  });
});
