import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { baseConfigShape, ConfigError, env, parseConfig, scopedTokensShape } from './config.js';

const schema = z.object({
  ...baseConfigShape(3001),
  DATABASE_URL: env.postgresUrl(),
  KAFKA_BROKERS: env.brokerList(),
});

const valid = {
  DATABASE_URL: 'postgres://u:secret@db:5432/orders',
  KAFKA_BROKERS: 'a:9092,b:9093',
};

describe('configuration is checked once, at start', () => {
  it('given valid settings, then it returns typed values with defaults filled in', () => {
    const config = parseConfig(schema, valid);
    expect(config).toEqual({
      HOST: '127.0.0.1',
      PORT: 3001,
      LOG_LEVEL: 'info',
      HTTP_MAX_BODY_BYTES: 64 * 1024,
      DATABASE_URL: valid.DATABASE_URL,
      KAFKA_BROKERS: ['a:9092', 'b:9093'],
    });
  });

  it('given a missing variable, then the error names it as required', () => {
    expect(() => parseConfig(schema, { KAFKA_BROKERS: 'a:9092' })).toThrow(
      'invalid configuration: DATABASE_URL is required but not set',
    );
  });

  it('given several bad values, then the error names every one of them', () => {
    const attempt = () =>
      parseConfig(schema, { ...valid, PORT: '70000', LOG_LEVEL: 'loud', KAFKA_BROKERS: 'nohost' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ConfigError).problems;
      expect(problems).toHaveLength(3);
      expect(problems[0]).toMatch(/^PORT="70000" must be between 1 and 65535/);
      expect(problems[1]).toMatch(/^LOG_LEVEL="loud" must be one of fatal, error/);
      expect(problems[2]).toMatch(/^KAFKA_BROKERS="nohost" must be host:port/);
    }
  });

  it('given a connection URL of the wrong kind, then the password is not repeated in the error', () => {
    expect(() =>
      parseConfig(schema, { ...valid, DATABASE_URL: 'mysql://u:secret@db/orders' }),
    ).toThrow('DATABASE_URL="mysql://***@db/orders" must be a postgres:// URL');
  });

  it('given one value for both scoped tokens, then the start is refused naming both, never the value', () => {
    const scoped = z.object({ ...scopedTokensShape() });
    const same = 'one-token-for-every-purpose';
    const attempt = () => parseConfig(scoped, { OPERATOR_TOKEN: same, SERVICE_TOKEN: same });
    expect(attempt).toThrow(
      'OPERATOR_TOKEN and SERVICE_TOKEN must differ: each scope has a token of its own',
    );
    expect(attempt).not.toThrow(same);
  });

  it('given a token too short, then the error names the variable and hides the value', () => {
    const scoped = z.object({ ...scopedTokensShape() });
    const attempt = () =>
      parseConfig(scoped, {
        OPERATOR_TOKEN: 'short-secret',
        SERVICE_TOKEN: 'a-service-token-long',
      });
    expect(attempt).toThrow('OPERATOR_TOKEN="***" must be at least 16 characters');
    expect(attempt).not.toThrow('short-secret');
  });
});
