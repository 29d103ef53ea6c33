import { type ServiceName, SERVICES } from '@pattern-shop/contracts';
import { LOCAL_INFRA } from '@pattern-shop/testing';

/** Where the stack of `./bin/run` answers: the labs drive it from outside, like a learner. */
export const appUrl = (app: ServiceName): string => `http://127.0.0.1:${SERVICES[app].port}`;

export const OPERATOR = { authorization: `Bearer ${LOCAL_INFRA.operatorToken}` } as const;

/** The lab's orders buy this seeded product. */
export const LAB_SKU = 'MUG-001';

/** What `npm run lab -- reset` restocks: the products the labs buy or empty on purpose. */
export const LAB_STOCK: Readonly<Record<string, number>> = { [LAB_SKU]: 100_000, 'TEE-002': 100 };
