import type { ScopedTokens } from '@pattern-shop/platform';

/** The operator token's header: the console acts on a service's operator endpoints as a person. */
export const operatorHeaders = (tokens: ScopedTokens): Record<string, string> => ({
  authorization: `Bearer ${tokens.operator}`,
});
