import { z } from 'zod';

/**
 * Switches that turn one mechanism into its naive form, so the chaos lab and the workshops can
 * show what the mechanism protects (docs/chaos.md, "Weak variants"). Off unless named in
 * `WEAK_MECHANISMS`; refused in production.
 */
export const WEAK_MECHANISM_EFFECTS = {
  'no-inbox': 'consumers handle every delivery: a redelivered message has its effect again',
  'ack-before-effect':
    'RabbitMQ deliveries are acked before the handler runs: a failure loses them',
  'no-breaker': 'circuit breakers never open and the concurrency cap is off (timeouts stay)',
  'no-step-deadline': "the saga's step deadlines never fire: a lost reply leaves it stuck",
  'publish-after-commit':
    'order-service publishes OrderPlaced after its commit, not through the outbox: an outage loses it',
  'unbounded-retries':
    'a failed RabbitMQ message, poison included, is retried forever, never dead-lettered',
  'no-schema-check':
    'RabbitMQ consumers read `data` without checking its version against the catalogue: a fact of a version they do not know is handled as the one they do',
  'no-heartbeat':
    "realtime-gateway sends no heartbeat and stretches socket.io's ping past any run: a silently dead connection looks alive",
} as const;

export type WeakMechanism = keyof typeof WEAK_MECHANISM_EFFECTS;
export const WEAK_MECHANISMS = Object.keys(WEAK_MECHANISM_EFFECTS) as WeakMechanism[];

export const PRODUCTION_REFUSAL =
  'weak mechanisms are for the chaos lab and workshops, never production (NODE_ENV=production)';

/**
 * `WEAK_MECHANISMS`: a comma-separated list of the switches this service honours. A name it does
 * not honour is refused rather than ignored, so a lab never believes a weak variant is on when
 * nothing changed.
 */
export const weakMechanismsSetting = (honoured: readonly WeakMechanism[]) =>
  z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== ''),
    )
    .superRefine((names, context) => {
      const unknown = names.filter((name) => !(honoured as readonly string[]).includes(name));
      if (unknown.length === 0) return;
      context.addIssue({
        code: 'custom',
        message:
          honoured.length === 0
            ? `names ${unknown.join(', ')}, but this service has no weak mechanisms`
            : `names ${unknown.join(', ')}; this service's weak mechanisms are: ${honoured.join(', ')}`,
      });
    })
    .transform((names) => [...new Set(names)] as WeakMechanism[]);

/** The production refusal, read from the raw environment, so it holds whatever the schema says. */
export const weakMechanismsInProductionProblem = (
  env: Readonly<Record<string, string | undefined>>,
): string | undefined => {
  const value = env['WEAK_MECHANISMS']?.trim() ?? '';
  if (value === '' || env['NODE_ENV'] !== 'production') return undefined;
  return `WEAK_MECHANISMS=${JSON.stringify(value)} ${PRODUCTION_REFUSAL}`;
};

/** The loud line every service logs at start while any switch is on. */
export const weakMechanismsWarning = (names: readonly WeakMechanism[]) => ({
  fields: {
    weakMechanisms: names,
    effects: Object.fromEntries(names.map((name) => [name, WEAK_MECHANISM_EFFECTS[name]])),
  },
  message: `WEAK MECHANISMS ON (${names.join(', ')}): this instance is deliberately unsafe, for the chaos lab and workshops only`,
});
