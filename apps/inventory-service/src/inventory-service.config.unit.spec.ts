import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '@pattern-shop/platform';
import { loadInventoryServiceConfig } from './inventory-service.config.js';

const required = {
  DATABASE_URL: 'postgres://inventory_service:secret@127.0.0.1:5432/inventory',
  RABBITMQ_URL: 'amqp://shop:shop_dev@127.0.0.1:5672',
  KAFKA_BROKERS: '127.0.0.1:9092',
  KAFKA_USERNAME: 'inventory-service',
  KAFKA_PASSWORD: 'a-kafka-password',
  OPERATOR_TOKEN: 'an-operator-token-of-16-or-more',
  SERVICE_TOKEN: 'a-service-token-of-16-or-more',
  MESSAGE_SIGNING_PRIVATE_KEY: 'local-development-only-message-signing-key:inventory-service',
  ORDER_SERVICE_SIGNING_PUBLIC_KEYS: 'local-development-only-message-signing-key:order-service',
};

describe('inventory-service configuration', () => {
  it('given only the required settings, then commands use prefetch 10 and retry after 1 s, 10 s, 60 s', () => {
    const config = loadInventoryServiceConfig(required);
    expect(config.COMMAND_PREFETCH).toBe(10);
    expect(config.COMMAND_RETRY_DELAYS_MS).toEqual([1_000, 10_000, 60_000]);
  });

  it('given no COMMAND_EXPIRY_GRACE_MS, then an expired ReserveStock is still handled for 5 s', () => {
    expect(loadInventoryServiceConfig(required).COMMAND_EXPIRY_GRACE_MS).toBe(5_000);
  });

  it('given COMMAND_EXPIRY_GRACE_MS=-1, then the start fails naming the variable', () => {
    expect(() =>
      loadInventoryServiceConfig({ ...required, COMMAND_EXPIRY_GRACE_MS: '-1' }),
    ).toThrow(/COMMAND_EXPIRY_GRACE_MS/);
  });

  it('given short retry delays, then they are read in order', () => {
    const config = loadInventoryServiceConfig({
      ...required,
      COMMAND_RETRY_DELAYS_MS: '200,400,800',
    });
    expect(config.COMMAND_RETRY_DELAYS_MS).toEqual([200, 400, 800]);
  });

  it.each(['', '100,abc', '0,100', '1.5'])(
    'given COMMAND_RETRY_DELAYS_MS=%j, then the start fails naming the variable',
    (value) => {
      expect(() =>
        loadInventoryServiceConfig({ ...required, COMMAND_RETRY_DELAYS_MS: value }),
      ).toThrow(ConfigError);
      expect(() =>
        loadInventoryServiceConfig({ ...required, COMMAND_RETRY_DELAYS_MS: value }),
      ).toThrow(/COMMAND_RETRY_DELAYS_MS/);
    },
  );

  it('given a signing key that is not an Ed25519 key, then the start is refused naming the variable, never the value', () => {
    const start = () =>
      loadInventoryServiceConfig({ ...required, MESSAGE_SIGNING_PRIVATE_KEY: 'bm90LWEta2V5' });
    expect(start).toThrow(ConfigError);
    expect(start).toThrow(/MESSAGE_SIGNING_PRIVATE_KEY="\*\*\*" is not a usable Ed25519 key/);
    expect(start).not.toThrow(/bm90LWEta2V5/);
  });

  it('given no trusted key for order-service, then the start is refused naming the variable', () => {
    const { ORDER_SERVICE_SIGNING_PUBLIC_KEYS: _, ...withoutTrust } = required;
    expect(() => loadInventoryServiceConfig(withoutTrust)).toThrow(
      /ORDER_SERVICE_SIGNING_PUBLIC_KEYS is required but not set/,
    );
  });
});
