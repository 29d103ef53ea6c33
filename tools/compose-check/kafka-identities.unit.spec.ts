// The services' Kafka users (docs/security.md, Broker identities (Kafka)) are provisioned three
// ways from one source (libs/contracts/src/kafka-identities.ts): these checks keep the written
// files, the brokers' settings and every app's login in step with it.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { KAFKA_IDENTITIES, kafkaDevPassword, SERVICE_NAMES } from '@pattern-shop/contracts';
import {
  k8sKafkaIdentitiesYaml,
  k8sKafkaUserSecret,
  kafkaIdentitiesShell,
  localEnvironment,
} from '@pattern-shop/testing';
import {
  dependencies,
  environment,
  loadComposeFile,
  repoRoot,
  requireService,
} from './compose-file.js';

const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');
const compose = loadComposeFile();
const services = KAFKA_IDENTITIES.map(({ user }) => user);

describe('Kafka identities: the files written from the one source', () => {
  it('given the identities, then infra/kafka and k8s/ hold what they write', () => {
    // On failure: npx tsc -b tools/local-stack && node tools/local-stack/dist/write-broker-identity-files.js
    expect(read('infra/kafka/kafka-identities.sh')).toBe(kafkaIdentitiesShell());
    expect(read('k8s/infrastructure/kafka-identities.yaml')).toBe(k8sKafkaIdentitiesYaml());
    expect(read('k8s/kustomization.yaml')).toContain('- infrastructure/kafka-identities.yaml');
  });

  it('given every broker, then each client listener takes SCRAM logins and nothing is allowed without an ACL', () => {
    const native = read('infra/local/kafka/server.properties');
    expect(native).toMatch(/^sasl\.enabled\.mechanisms=SCRAM-SHA-512$/m);
    expect(native).toMatch(/^allow\.everyone\.if\.no\.acl\.found=false$/m);
    expect(native).toMatch(/^super\.users=User:broker;User:shop$/m);
    expect(native).not.toMatch(/:PLAINTEXT\b/);

    const kafka = environment(requireService(compose, 'kafka'));
    expect(kafka['KAFKA_SASL_ENABLED_MECHANISMS']).toBe('SCRAM-SHA-512');
    expect(kafka['KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND']).toBe('false');
    expect(kafka['KAFKA_SUPER_USERS']).toBe('User:broker;User:shop');
    expect(kafka['KAFKA_LISTENER_SECURITY_PROTOCOL_MAP']).not.toMatch(/:PLAINTEXT\b/);

    const strimzi = read('k8s/infrastructure/kafka.yaml');
    expect(strimzi).toContain('authentication:\n          type: scram-sha-512');
    expect(strimzi).toContain('authorization:\n      type: simple');
  });

  it.each(services)(
    'given %s in docker compose, then it logs in to Kafka as itself once its user exists',
    (service) => {
      const app = requireService(compose, service);
      expect([environment(app)['KAFKA_USERNAME'], environment(app)['KAFKA_PASSWORD']]).toEqual([
        service,
        kafkaDevPassword(service),
      ]);
      expect(dependencies(app)).toContainEqual([
        'kafka-identities',
        'service_completed_successfully',
      ]);
    },
  );

  it.each(services)(
    'given %s run natively, also in chaos mode, then it logs in to Kafka as itself',
    (service) => {
      for (const chaos of [false, true]) {
        const env = localEnvironment(service, { chaos });
        expect([env['KAFKA_USERNAME'], env['KAFKA_PASSWORD']]).toEqual([
          service,
          kafkaDevPassword(service),
        ]);
      }
    },
  );

  it.each(services)('given %s on Kubernetes, then it reads its own KafkaUser Secret', (service) => {
    const manifest = read(`k8s/apps/${service}.yaml`);
    expect(manifest).toContain(`KAFKA_USERNAME: '${service}'`);
    expect(manifest).toContain(`name: ${k8sKafkaUserSecret(service)}, key: password`);
  });

  it('given an app with no Kafka identity, then it has no Kafka settings', () => {
    const others = SERVICE_NAMES.filter((service) => !services.includes(service));
    for (const service of others) {
      expect(environment(requireService(compose, service))['KAFKA_BROKERS']).toBeUndefined();
      expect(localEnvironment(service)['KAFKA_BROKERS']).toBeUndefined();
    }
  });
});
