import { type ServiceName, SERVICES } from '@pattern-shop/contracts';
import { LOCAL_INFRA } from '@pattern-shop/testing';

/** Where the stack of `./bin/run` answers: the labs drive it from outside, like a learner. */
export const appUrl = (app: ServiceName): string => `http://127.0.0.1:${SERVICES[app].port}`;

export const OPERATOR = { authorization: `Bearer ${LOCAL_INFRA.operatorToken}` } as const;

/** The lab's orders buy this seeded product. */
export const LAB_SKU = 'MUG-001';

/** Lab 5 sells this one out on purpose; no sample order and no test buys it. */
export const LAB_SCARCE_SKU = 'HOOD-003';

/**
 * What `npm run lab -- reset` restocks: plenty of what the labs and `./bin/run`'s sample order buy
 * (MUG-001 and TEE-002), and a hundred of the product lab 5 sells out.
 */
export const LAB_STOCK: Readonly<Record<string, number>> = {
  [LAB_SKU]: 100_000,
  'TEE-002': 100_000,
  [LAB_SCARCE_SKU]: 100,
};
