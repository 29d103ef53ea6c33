import { z } from 'zod';
import { SERVICES } from '@pattern-shop/contracts';
import { baseConfigShape, parseConfig } from '@pattern-shop/platform';

/** Every setting payment-provider reads, checked once at start. */
const schema = z.object({
  ...baseConfigShape(SERVICES['payment-provider'].port),
  /** Guards the knobs and the ledger (`/admin/*`): `Authorization: Bearer <ADMIN_TOKEN>`. */
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters'),
});

export type PaymentProviderConfig = z.infer<typeof schema>;

export const loadPaymentProviderConfig = (
  source: Readonly<Record<string, string | undefined>>,
): PaymentProviderConfig => parseConfig(schema, source);
