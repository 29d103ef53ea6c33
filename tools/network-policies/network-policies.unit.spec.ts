// k8s/network/ admits exactly the connections the system makes: read from the apps' settings and
// the manifests (no cluster), so a new call with no policy, or a policy nobody needs, fails here.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { allManifests } from '../compose-check/k8s-manifests.js';
import { declaredSettings, TRACING_SETTING, tracingRegistration } from './app-settings.js';
import type { K8sObject } from './cluster-pods.js';
import { networkReach } from './network-reach.js';

const objects = allManifests() as K8sObject[];
const policies = objects.filter((object) => object.kind === 'NetworkPolicy');

type Peer = { podSelector?: { matchLabels?: Record<string, string> } };
type Rule = { from?: Peer[] };

/** The manifests with one policy changed, to show the check notices. */
const withPolicy = (name: string, change: (ingress: Rule[]) => Rule[]): K8sObject[] =>
  objects.map((object) => {
    if (object.kind !== 'NetworkPolicy' || object.metadata?.name !== name) return object;
    const spec = object.spec as { ingress?: Rule[] };
    return { ...object, spec: { ...spec, ingress: change(structuredClone(spec.ingress ?? [])) } };
  });

const peer = (app: string): Peer => ({
  podSelector: { matchLabels: { 'app.kubernetes.io/name': app } },
});

describe('k8s NetworkPolicies: who may reach whom', () => {
  it('given the namespace, then one policy denies every ingress and every policy is about ingress only', () => {
    const denyAll = policies.filter((policy) => {
      const spec = policy.spec as { podSelector?: object; ingress?: unknown[] };
      return JSON.stringify(spec.podSelector) === '{}' && spec.ingress === undefined;
    });

    expect(denyAll.map((policy) => policy.metadata?.name)).toEqual(['default-deny-ingress']);
    expect(policies.map((policy) => policy.spec?.['policyTypes'])).toEqual(
      policies.map(() => ['Ingress']),
    );
  });

  it('given every address an app reads, then each names a Service here or an operator, and every selector selects a pod', () => {
    expect(readFileSync(tracingRegistration, 'utf8')).toContain(TRACING_SETTING);
    expect(networkReach(objects, declaredSettings).problems).toEqual([]);
  });

  it('given the connections the apps, KEDA and the operators make, then a policy admits each one', () => {
    const reach = networkReach(objects, declaredSettings);
    const required = reach.required.map(({ from, to, port }) => `${from} -> ${to}:${port}`);

    expect(required).toEqual(
      expect.arrayContaining([
        'Deployment/order-service -> Deployment/inventory-service:3002',
        'Deployment/payment-service -> Deployment/payment-provider:3007',
        'CronJob/analytics-reconciliation -> Deployment/payment-service:3003',
        'Deployment/realtime-gateway -> Deployment/order-service:3001',
        'Deployment/web -> RabbitmqCluster/rabbitmq:15672',
        'Deployment/analytics-service -> Kafka/kafka:9092',
        'Deployment/email-service -> Deployment/maildev:1025',
        'Deployment/payment-provider -> Deployment/web:4318',
        'keda/keda-operator -> RabbitmqCluster/rabbitmq:5672',
      ]),
    );
    expect(reach.unadmitted).toEqual([]);
  });

  it('given every admission of every policy, then some connection needs it', () => {
    expect(networkReach(objects, declaredSettings).unneeded).toEqual([]);
  });

  it('given a caller dropped from a policy, then its connection is reported as not admitted', () => {
    const changed = withPolicy('order-service', (ingress) =>
      ingress.map((rule) => ({
        ...rule,
        from: rule.from?.filter(
          (p) => p.podSelector?.matchLabels?.['app.kubernetes.io/name'] !== 'realtime-gateway',
        ),
      })),
    );

    expect(networkReach(changed, declaredSettings).unadmitted).toEqual([
      'Deployment/realtime-gateway -> Deployment/order-service:3001',
    ]);
  });

  it('given an app that starts reading an address it was not reading, then the new connection is reported', () => {
    // realtime-gateway's pod is given RABBITMQ_MANAGEMENT_URL but its configuration does not read it.
    const settings = (app: string) =>
      app === 'realtime-gateway'
        ? [...declaredSettings(app), 'RABBITMQ_MANAGEMENT_URL']
        : declaredSettings(app);

    expect(networkReach(objects, settings).unadmitted).toEqual([
      'Deployment/realtime-gateway -> RabbitmqCluster/rabbitmq:15672',
    ]);
  });

  it('given a policy that admits a pod with no reason to come, then the admission is reported', () => {
    const changed = withPolicy('payment-provider', (ingress) =>
      ingress.map((rule) => ({ ...rule, from: [...(rule.from ?? []), peer('email-service')] })),
    );

    expect(networkReach(changed, declaredSettings).unneeded).toEqual([
      'Deployment/email-service -> Deployment/payment-provider:3007',
    ]);
  });

  it('given the Kafka listener without networkPolicyPeers, then Strimzi would admit anyone and that is reported', () => {
    const changed = objects.map((object) => {
      if (object.kind !== 'Kafka') return object;
      const copy = structuredClone(object) as {
        spec: { kafka: { listeners: Record<string, unknown>[] } };
      };
      copy.spec.kafka.listeners = copy.spec.kafka.listeners.map(
        ({ networkPolicyPeers: _, ...rest }: Record<string, unknown>) => rest,
      );
      return copy as K8sObject;
    });

    expect(networkReach(changed, declaredSettings).unneeded).toEqual(['* -> Kafka/kafka:9092']);
  });
});
