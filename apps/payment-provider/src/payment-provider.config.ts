import { join } from 'node:path';
import { z } from 'zod';
import { SERVICES } from '@pattern-shop/contracts';
import { baseConfigShape, env, parseConfig, scopedTokensShape } from '@pattern-shop/platform';

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
  /** None honoured here; declared so that a lab's switch is refused, not silently ignored. */
  WEAK_MECHANISMS: env.weakMechanisms([]),
});

export type PaymentProviderConfig = z.infer<typeof schema>;

export const loadPaymentProviderConfig = (
  source: Readonly<Record<string, string | undefined>>,
): PaymentProviderConfig => parseConfig(schema, source);

/** Where the ledger journal lives: the variable, else under the state directory. */
export const ledgerFileOf = (config: PaymentProviderConfig): string =>
  config.PAYMENT_PROVIDER_LEDGER_FILE ??
  join(
    config.PATTERN_SHOP_STATE_DIR ?? join(process.cwd(), '.local'),
    'payment-provider',
    'ledger.jsonl',
  );
