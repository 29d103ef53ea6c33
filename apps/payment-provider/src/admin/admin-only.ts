import type { StaffRefusal } from '@pattern-shop/platform';

/**
 * The knobs, the ledger and the settlement are for operators and tests only. Their refusal keeps
 * the problem type and message it had before the shared guard, so no caller sees a change.
 */
export const ADMIN_ONLY: StaffRefusal = {
  type: 'https://pattern-shop.dev/problems/missing-admin-token',
  message: 'the payment-provider admin endpoints need "Authorization: Bearer <ADMIN_TOKEN>"',
};
