import { setTimeout as delay } from 'node:timers/promises';
import type { DataSource, EntityManager } from 'typeorm';
import { claimKey, storeAnswer } from '../persistence/idempotency-key-rows.js';
import type { KeyRef, StoredAnswer } from './idempotency-keys.js';

/** A key this request holds until its deadline, and how to make an answer the key's for good. */
export type ClaimedKey = Readonly<{
  kind: 'claimed';
  ref: KeyRef;
  token: string;
  store: (db: EntityManager, answer: StoredAnswer) => Promise<boolean>;
}>;

export type KeyWait =
  | ClaimedKey
  | Readonly<{ kind: 'replay'; answer: StoredAnswer }>
  | Readonly<{ kind: 'key-used-for-another-request' }>
  | Readonly<{ kind: 'in-flight'; retryAfterSeconds: number }>;

type Deps = Readonly<{ dataSource: DataSource; now: () => Date; newId: () => string }>;

/** How often a request whose key is in flight elsewhere looks for that request's answer. */
const POLL_MS = 50;

/**
 * Claims the key, or waits (until this request's own deadline) for the request holding it to
 * answer, taking the claim over if that one lapses unanswered. Still in flight at the deadline:
 * the caller answers 409 with Retry-After, never a second evaluation.
 */
export const claimOrWait = async (
  deps: Deps,
  ref: KeyRef,
  hash: string,
  deadline: number,
): Promise<KeyWait> => {
  for (;;) {
    const token = deps.newId();
    const holdMs = Math.max(1, deadline - deps.now().getTime());
    const claim = await claimKey(deps.dataSource.manager, ref, { hash, token, holdMs });
    switch (claim.kind) {
      case 'claimed':
        return {
          kind: 'claimed',
          ref,
          token,
          store: (db, answer) => storeAnswer(db, ref, token, answer),
        };
      case 'replay':
        return claim;
      case 'used-for-another-request':
        return { kind: 'key-used-for-another-request' };
      case 'in-flight':
        if (deps.now().getTime() + POLL_MS >= deadline) return claim;
        await delay(POLL_MS);
    }
  }
};
