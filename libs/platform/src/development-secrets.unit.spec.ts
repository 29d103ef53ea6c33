import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { ConfigError, parseConfig } from './config.js';
import { DEVELOPMENT_SECRETS_REFUSAL } from './development-secrets.js';

const schema = z.object({
  OPERATOR_TOKEN: z.string(),
  SERVICE_TOKEN: z.string(),
  DATABASE_URL: z.string(),
});
const development = {
  OPERATOR_TOKEN: 'local-development-only-operator-token',
  SERVICE_TOKEN: 'local-development-only-service-token',
  DATABASE_URL: 'postgres://order_service:order_service_dev@127.0.0.1:5432/orders',
};
const problemsOf = (env: Record<string, string>): readonly string[] => {
  try {
    parseConfig(schema, env);
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
};

describe("the repository's development secrets: refused in production", () => {
  it('given the development defaults outside production, then the service starts', () => {
    expect(problemsOf(development)).toEqual([]);
  });

  it('given NODE_ENV=production and the development defaults, then the start is refused naming the variables, not their values', () => {
    const problems = problemsOf({ ...development, NODE_ENV: 'production' });

    expect(problems).toEqual([
      `DATABASE_URL, OPERATOR_TOKEN, SERVICE_TOKEN ${DEVELOPMENT_SECRETS_REFUSAL}`,
    ]);
    expect(problems.join()).not.toContain('order_service_dev');
  });

  it('given NODE_ENV=production and real secrets, then the service starts', () => {
    expect(
      problemsOf({
        NODE_ENV: 'production',
        OPERATOR_TOKEN: 'f3b1c0d2e9a8476b8c5d4e3f2a1b0c9d',
        SERVICE_TOKEN: '0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b',
        DATABASE_URL: 'postgres://order_service:Zq8-development-free@db:5432/orders',
      }),
    ).toEqual([]);
  });

  it('given NODE_ENV=production with one development password left, then only that variable is named', () => {
    expect(
      problemsOf({
        NODE_ENV: 'production',
        OPERATOR_TOKEN: 'f3b1c0d2e9a8476b8c5d4e3f2a1b0c9d',
        SERVICE_TOKEN: '0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b',
        DATABASE_URL: development.DATABASE_URL,
      }),
    ).toEqual([`DATABASE_URL ${DEVELOPMENT_SECRETS_REFUSAL}`]);
  });

  it('given NODE_ENV=production and a development message-signing key, alone or among trusted keys, then each variable is named', () => {
    const realKey = 'MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=';
    expect(
      problemsOf({
        NODE_ENV: 'production',
        OPERATOR_TOKEN: 'f3b1c0d2e9a8476b8c5d4e3f2a1b0c9d',
        SERVICE_TOKEN: '0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b',
        DATABASE_URL: 'postgres://order_service:Zq8-development-free@db:5432/orders',
        MESSAGE_SIGNING_PRIVATE_KEY: 'local-development-only-message-signing-key:order-service',
        PAYMENT_SERVICE_SIGNING_PUBLIC_KEYS: `${realKey}, local-development-only-message-signing-key:payment-service`,
        INVENTORY_SERVICE_SIGNING_PUBLIC_KEYS: realKey,
      }),
    ).toEqual([
      `MESSAGE_SIGNING_PRIVATE_KEY, PAYMENT_SERVICE_SIGNING_PUBLIC_KEYS ${DEVELOPMENT_SECRETS_REFUSAL}`,
    ]);
  });

  it('given NODE_ENV=production and a development Kafka password, then KAFKA_PASSWORD is named, not its value', () => {
    const problems = problemsOf({
      NODE_ENV: 'production',
      OPERATOR_TOKEN: 'f3b1c0d2e9a8476b8c5d4e3f2a1b0c9d',
      SERVICE_TOKEN: '0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b',
      DATABASE_URL: 'postgres://order_service:Zq8-development-free@db:5432/orders',
      KAFKA_USERNAME: 'order-service',
      KAFKA_PASSWORD: 'order-service_dev',
    });

    expect(problems).toEqual([`KAFKA_PASSWORD ${DEVELOPMENT_SECRETS_REFUSAL}`]);
    expect(problems.join()).not.toContain('order-service_dev');
  });
});
