import { join } from 'node:path';
import { z } from 'zod';
import { SERVICES } from '@pattern-shop/contracts';
import {
  baseConfigShape,
  ConfigError,
  env,
  parseConfig,
  scopedTokensShape,
} from '@pattern-shop/platform';

/** Every setting payment-provider reads, checked once at start. */
const schema = z.object({
  ...baseConfigShape(SERVICES['payment-provider'].port),
  /** Operators turn the knobs and read the ledger (`/admin/*`); services read the settlement. */
  ...scopedTokensShape(),
  /** The state directory of the native stack (bin/*, infra/local); the ledger's default home. */
  PATTERN_SHOP_STATE_DIR: z.string().min(1).optional(),
  /**
   * The ledger's journal (JSON lines, appended before each answer), so a restart forgets no
   * charge. Default: `$PATTERN_SHOP_STATE_DIR/payment-provider/ledger.jsonl` (or `./.local/...`).
   */
  PAYMENT_PROVIDER_LEDGER_FILE: z
    .string()
    .regex(/^[^\0]*[^/\0]$/, 'must be a file path (not a directory, no NUL)')
    .optional(),
  /**
   * How long settled charges and refunds (and their Idempotency-Keys) are kept: longer than the
   * nightly reconciliation looks back. Older ones are pruned, every few minutes at most.
   */
  PAYMENT_PROVIDER_LEDGER_RETENTION_HOURS: env.positiveInt(7 * 24),
  /**
   * Honour the `x-simulate-*` headers (a test's per-request outcome and latency). Default: on,
   * except in production (NODE_ENV=production), where turning it on is refused at start.
   */
  PAYMENT_PROVIDER_TEST_MODE: z.stringbool({ error: 'must be true or false' }).optional(),
  /** None honoured here; declared so that a lab's switch is refused, not silently ignored. */
  WEAK_MECHANISMS: env.weakMechanisms([]),
});

export type PaymentProviderConfig = Omit<z.infer<typeof schema>, 'PAYMENT_PROVIDER_TEST_MODE'> & {
  readonly PAYMENT_PROVIDER_TEST_MODE: boolean;
};

// Anyone who reaches a production provider could pick a charge's outcome or hold its
// connections for a minute per request; a loud refusal beats a silently ignored setting.
const TEST_MODE_REFUSAL =
  'PAYMENT_PROVIDER_TEST_MODE=true lets callers force outcomes and delays, never in production (NODE_ENV=production)';

export const loadPaymentProviderConfig = (
  source: Readonly<Record<string, string | undefined>>,
): PaymentProviderConfig => {
  const production = source['NODE_ENV'] === 'production';
  const askedFor = z.stringbool().safeParse(source['PAYMENT_PROVIDER_TEST_MODE']).data;
  const refusal = production && askedFor === true ? TEST_MODE_REFUSAL : undefined;
  let config: z.infer<typeof schema>;
  try {
    config = parseConfig(schema, source);
  } catch (error) {
    // One start, every problem: the refusal joins whatever else is wrong.
    if (error instanceof ConfigError && refusal !== undefined)
      throw new ConfigError([...error.problems, refusal]);
    throw error;
  }
  if (refusal !== undefined) throw new ConfigError([refusal]);
  return {
    ...config,
    PAYMENT_PROVIDER_TEST_MODE: config.PAYMENT_PROVIDER_TEST_MODE ?? !production,
  };
};

/** Where the ledger journal lives: the variable, else under the state directory. */
export const ledgerFileOf = (config: PaymentProviderConfig): string =>
  config.PAYMENT_PROVIDER_LEDGER_FILE ??
  join(
    config.PATTERN_SHOP_STATE_DIR ?? join(process.cwd(), '.local'),
    'payment-provider',
    'ledger.jsonl',
  );
