import { z } from 'zod';
import { LOG_LEVELS } from '@pattern-shop/observability';
import { DEFAULT_MAX_BODY_BYTES } from './body-limit.js';
import { developmentSecretsInProductionProblem } from './development-secrets.js';
import { SCOPE_TOKEN_VARIABLES, type ScopedTokens } from './scope-guard.js';
import {
  weakMechanismsInProductionProblem,
  weakMechanismsSetting,
  type WeakMechanism,
} from './weak-mechanisms.js';

/** A bad or missing setting: the message names every variable that is wrong and why. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and checks a service's settings once, at start; the rest of the code gets typed values. */
export const parseConfig = <S extends z.ZodObject>(
  schema: S,
  env: Readonly<Record<string, string | undefined>>,
): z.infer<S> => {
  const result = schema.safeParse(env);
  const refusals = [
    weakMechanismsInProductionProblem(env),
    developmentSecretsInProductionProblem(env),
    sharedScopeTokensProblem(env),
  ].filter((refusal): refusal is string => refusal !== undefined);
  if (result.success && refusals.length === 0) return result.data;
  const issues = result.success ? [] : result.error.issues;
  const problems = issues.map((issue) => {
    const variable = issue.path.map(String).join('.');
    return env[variable] === undefined || env[variable] === ''
      ? `${variable} is required but not set`
      : `${variable}=${JSON.stringify(redact(variable, env[variable]))} ${issue.message}`;
  });
  throw new ConfigError([...problems, ...refusals]);
};

// Connection strings may hold passwords; tokens and private keys are secrets: the error names
// the variable, not the secret.
const redact = (variable: string, value: string | undefined): string | undefined => {
  if (value === undefined) return value;
  if (/(TOKEN|SECRET|PRIVATE_KEY)$/.test(variable)) return '***';
  return /URL$/.test(variable) ? value.replace(/\/\/[^@/]*@/, '//***@') : value;
};

/** One value for both purposes would let a service's credential act as an operator. */
const sharedScopeTokensProblem = (
  env: Readonly<Record<string, string | undefined>>,
): string | undefined => {
  const { operator, service } = SCOPE_TOKEN_VARIABLES;
  return env[operator] !== undefined && env[operator] === env[service]
    ? `${operator} and ${service} must differ: each scope has a token of its own`
    : undefined;
};

/** Building blocks for each service's schema: one meaning, one message, everywhere. */
export const env = {
  port: (defaultPort: number) =>
    z.coerce
      .number({ error: 'must be a TCP port number' })
      .int('must be a whole number')
      .min(1, 'must be between 1 and 65535')
      .max(65535, 'must be between 1 and 65535')
      .default(defaultPort),
  host: () => z.string().min(1).default('127.0.0.1'),
  logLevel: () =>
    z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  postgresUrl: () => z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }),
  amqpUrl: () => z.url({ protocol: /^amqps?$/, error: 'must be an amqp:// URL' }),
  httpUrl: () => z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' }),
  hostName: () => z.string().regex(/^[A-Za-z0-9.-]+$/, 'must be a host name or address'),
  /** `host:port,host:port` as Kafka clients take it. */
  brokerList: () =>
    z
      .string()
      .regex(
        /^[A-Za-z0-9.-]+:\d{1,5}(,[A-Za-z0-9.-]+:\d{1,5})*$/,
        'must be host:port[,host:port...]',
      )
      .transform((value) => value.split(',')),
  /** `1000,10000,60000`: positive milliseconds, e.g. retry delays, one after the other. */
  millisecondsList: (defaultValue: readonly number[]) =>
    z
      .string()
      .regex(/^\d+(,\d+)*$/, 'must be comma-separated milliseconds, e.g. 1000,10000,60000')
      .transform((value) => value.split(',').map(Number))
      .refine((delays) => delays.every((delay) => delay > 0), 'every delay must be positive')
      .default([...defaultValue]),
  /** `no-inbox,no-breaker`: the weak variants (weak-mechanisms.ts) this service honours. */
  weakMechanisms: (honoured: readonly WeakMechanism[]) => weakMechanismsSetting(honoured),
  /** A bearer token (OPERATOR_TOKEN, SERVICE_TOKEN): long enough that guessing is hopeless. */
  token: () => z.string().min(16, 'must be at least 16 characters'),
  positiveInt: (defaultValue: number) =>
    z.coerce
      .number()
      .int('must be a whole number')
      .positive('must be positive')
      .default(defaultValue),
};

/**
 * The token of each scope (docs/security.md, "Credentials by purpose"): a service that guards
 * endpoints checks callers against both (a known token of the wrong scope gets 403, not 401).
 */
export const scopedTokensShape = () => ({
  OPERATOR_TOKEN: env.token(),
  SERVICE_TOKEN: env.token(),
});

export const scopedTokensOf = (
  config: Readonly<{ OPERATOR_TOKEN: string; SERVICE_TOKEN: string }>,
): ScopedTokens => ({ operator: config.OPERATOR_TOKEN, service: config.SERVICE_TOKEN });

/** A service's own Kafka user (SCRAM-SHA-512; docs/security.md, Broker identities (Kafka)). */
export const kafkaLoginShape = () => ({
  KAFKA_USERNAME: z.string().min(1, 'must name the Kafka user'),
  KAFKA_PASSWORD: z.string().min(1, "must be the Kafka user's password"),
});

export const kafkaLoginOf = (
  config: Readonly<{ KAFKA_USERNAME: string; KAFKA_PASSWORD: string }>,
): Readonly<{ username: string; password: string }> => ({
  username: config.KAFKA_USERNAME,
  password: config.KAFKA_PASSWORD,
});

/** Settings every service has. */
export const baseConfigShape = (defaultPort: number) => ({
  HOST: env.host(),
  PORT: env.port(defaultPort),
  LOG_LEVEL: env.logLevel(),
  /** The largest request body read, in bytes (JSON or form); a larger one is refused with 413. */
  HTTP_MAX_BODY_BYTES: env.positiveInt(DEFAULT_MAX_BODY_BYTES),
});

export type BaseConfig = Readonly<{
  HOST: string;
  PORT: number;
  LOG_LEVEL: (typeof LOG_LEVELS)[number];
  HTTP_MAX_BODY_BYTES: number;
  /** Switches on naive forms of mechanisms for the chaos lab; empty in every real deployment. */
  WEAK_MECHANISMS?: readonly WeakMechanism[];
}>;
