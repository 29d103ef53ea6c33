import type { KeyObject } from 'node:crypto';
import { signedProducerOf } from '@pattern-shop/contracts';
import { MessageSignatureRefused, verifiedSigner } from './message-signature.js';

/**
 * A consumer's check of signed commands or replies, in two steps around parsing: the signature
 * over the raw bytes first (nothing of an unverified body is read), then, once the body is an
 * envelope, that its type is one its signer owns (a payment reply only from payment-service).
 */
export type MessageVerifier = Readonly<{
  verify: (body: Uint8Array, headers: Readonly<Record<string, unknown>>) => string;
  checkProducer: (type: string, signer: string) => void;
}>;

/** `trusted`: each producer the consumer accepts, with its public keys (several while rotating). */
export const messageVerifier = (
  trusted: Readonly<Record<string, readonly KeyObject[]>>,
): MessageVerifier => {
  const producers = new Map(Object.entries(trusted));
  return {
    verify: (body, headers) => verifiedSigner(producers, body, headers),
    checkProducer: (type, signer) => {
      const owner = signedProducerOf(type);
      if (owner !== signer) {
        throw new MessageSignatureRefused(
          owner === undefined
            ? `${type} is not a signed command or reply, yet it came signed by ${signer}`
            : `${type} must be signed by ${owner}, not ${signer}`,
        );
      }
    },
  };
};
