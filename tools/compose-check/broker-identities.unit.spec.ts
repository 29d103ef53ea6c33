// The services' RabbitMQ users (docs/security.md, Broker identities) are provisioned three ways,
// from one source (libs/contracts/src/broker-identities.ts): these checks keep the written files
// and every app's credentials in step with it.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BROKER_IDENTITIES, brokerDevPassword } from '@pattern-shop/contracts';
import {
  brokerDefinitionsJson,
  localEnvironment,
  composeBrokerDefinitionsPath,
  composeBrokerIdentitiesConf,
  k8sBrokerCredentialsSecret,
  k8sBrokerIdentitiesYaml,
} from '@pattern-shop/testing';
import { environment, loadComposeFile, repoRoot, requireService } from './compose-file.js';

const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');
const compose = loadComposeFile();
const services = BROKER_IDENTITIES.map(({ user }) => user);

describe('broker identities: the files written from the one source', () => {
  it('given the identities, then infra/rabbitmq and k8s/ hold what they write', () => {
    // On failure: npx tsc -b tools/local-stack && node tools/local-stack/dist/write-broker-identity-files.js
    expect(read('infra/rabbitmq/broker-identities.json')).toBe(brokerDefinitionsJson());
    expect(read('infra/rabbitmq/broker-identities.conf')).toBe(composeBrokerIdentitiesConf());
    expect(read('k8s/infrastructure/rabbitmq-identities.yaml')).toBe(k8sBrokerIdentitiesYaml());
    expect(read('k8s/kustomization.yaml')).toContain('- infrastructure/rabbitmq-identities.yaml');
  });

  it('given docker compose, then the node loads the definitions from conf.d', () => {
    const volumes = (requireService(compose, 'rabbitmq') as { volumes?: string[] }).volumes ?? [];
    expect(volumes).toContain(
      './infra/rabbitmq/broker-identities.conf:/etc/rabbitmq/conf.d/20-broker-identities.conf:ro',
    );
    expect(volumes).toContain(
      `./infra/rabbitmq/broker-identities.json:${composeBrokerDefinitionsPath}:ro`,
    );
  });

  it.each(services)(
    'given %s in docker compose, then it logs in to RabbitMQ as itself',
    (service) => {
      const url = environment(requireService(compose, service))['RABBITMQ_URL'] ?? '';
      const [, username, password] = /^amqp:\/\/([^:@]+):([^@]+)@/.exec(url) ?? [];
      expect([username, password]).toEqual([service, brokerDevPassword(service)]);
    },
  );

  it.each(services)('given %s run natively, then it logs in to RabbitMQ as itself', (service) => {
    const url = new URL(localEnvironment(service)['RABBITMQ_URL'] ?? '');
    expect([url.username, url.password]).toEqual([service, brokerDevPassword(service)]);
    expect(new URL(localEnvironment(service, { chaos: true })['RABBITMQ_URL'] ?? '').username).toBe(
      service,
    );
  });

  it.each(services)('given %s on Kubernetes, then it reads its own user credentials', (service) => {
    const manifest = read(`k8s/apps/${service}.yaml`);
    expect(manifest).toContain(`name: ${k8sBrokerCredentialsSecret(service)}, key: username`);
    expect(manifest).toContain(`name: ${k8sBrokerCredentialsSecret(service)}, key: password`);
    expect(manifest).not.toContain('rabbitmq-default-user');
  });

  it('given an app that uses no RabbitMQ identity, then it has no RABBITMQ_URL of its own', () => {
    // analytics-service and payment-provider never touch RabbitMQ; web is the operator's console.
    for (const app of ['analytics-service', 'payment-provider']) {
      expect(environment(requireService(compose, app))['RABBITMQ_URL']).toBeUndefined();
    }
  });
});
