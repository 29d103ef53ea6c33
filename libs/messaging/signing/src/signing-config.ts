import { z } from 'zod';
import { parsePrivateSigningKey, parsePublicSigningKeys } from './signing-keys.js';

const keyProblem = (error: unknown): string =>
  `is not a usable Ed25519 key (${error instanceof Error ? error.message : String(error)})`;

/** Configuration entries for the keys, in each app's zod schema; a bad key names its variable. */
export const signingKeyEnv = {
  /** This service's private key (docs/security.md, "Signed commands and replies"). */
  privateKey: () =>
    z
      .string()
      .min(1)
      .transform((value, context) => {
        try {
          return parsePrivateSigningKey(value);
        } catch (error) {
          context.addIssue({ code: 'custom', message: keyProblem(error) });
          return z.NEVER;
        }
      }),
  /** The public keys trusted for one producer, comma-separated. */
  publicKeys: () =>
    z
      .string()
      .min(1)
      .transform((value, context) => {
        try {
          const keys = parsePublicSigningKeys(value);
          if (keys.length > 0) return keys;
          context.addIssue({ code: 'custom', message: 'names no key' });
        } catch (error) {
          context.addIssue({ code: 'custom', message: keyProblem(error) });
        }
        return z.NEVER;
      }),
};
