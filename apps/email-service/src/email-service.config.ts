import { z } from 'zod';
import { SERVICES } from '@pattern-shop/contracts';
import { baseConfigShape, env, parseConfig } from '@pattern-shop/platform';

/** Every setting email-service reads, checked once at start. */
const schema = z.object({
  ...baseConfigShape(SERVICES['email-service'].port),
  DATABASE_URL: env.postgresUrl(),
  RABBITMQ_URL: env.amqpUrl(),
  /** The management plugin, polled for queue depth and dead letters; unset: no queue metrics. */
  RABBITMQ_MANAGEMENT_URL: env.httpUrl().optional(),
  SMTP_HOST: env.hostName(),
  SMTP_PORT: env.port(1025),
  /** The From header of every mail. */
  MAIL_FROM: z.string().min(3).default('Pattern Shop <orders@pattern-shop.test>'),
  /** Naive forms for the chaos lab (docs/chaos.md); refused in production. */
  WEAK_MECHANISMS: env.weakMechanisms([
    'no-inbox',
    'ack-before-effect',
    'unbounded-retries',
    'no-schema-check',
  ]),
});

export type EmailServiceConfig = z.infer<typeof schema>;

export const loadEmailServiceConfig = (
  source: Readonly<Record<string, string | undefined>>,
): EmailServiceConfig => parseConfig(schema, source);
