import { sign, verify, type KeyObject } from 'node:crypto';

/** The headers a signed message carries beside its body. */
export const SIGNATURE_HEADERS = {
  /** The producing service whose key signed the message. */
  signedBy: 'x-signed-by',
  /** Ed25519 signature of `canonicalSignedBytes`, base64. */
  signature: 'x-signature',
} as const;

/** The header a command's deadline travels in; it changes what a consumer does, so it is signed. */
const EXPIRES_AT_HEADER = 'expires-at';

const CANONICAL_FORM = 'pattern-shop-message-signature/v1';

/**
 * What is signed: a fixed label, the signer, the `expires-at` header (empty when absent), a blank
 * line, then the body's bytes exactly as published. The body is never re-serialised, so no JSON
 * canonicalisation is needed: a consumer checks the bytes it received.
 */
export const canonicalSignedBytes = (
  signedBy: string,
  body: Uint8Array,
  expiresAt: string | undefined,
): Buffer =>
  Buffer.concat([
    Buffer.from(
      `${CANONICAL_FORM}\nsigned-by: ${signedBy}\n${EXPIRES_AT_HEADER}: ${expiresAt ?? ''}\n\n`,
    ),
    body,
  ]);

export type MessageSigner = Readonly<{ service: string; privateKey: KeyObject }>;

/** The headers to add to a message with this body and these headers, signed by `signer`. */
export const signatureHeaders = (
  { service, privateKey }: MessageSigner,
  body: Uint8Array,
  headers: Readonly<Record<string, unknown>>,
): Record<string, string> => {
  const expiresAt = headers[EXPIRES_AT_HEADER];
  const bytes = canonicalSignedBytes(
    service,
    body,
    typeof expiresAt === 'string' ? expiresAt : undefined,
  );
  return {
    [SIGNATURE_HEADERS.signedBy]: service,
    [SIGNATURE_HEADERS.signature]: sign(null, bytes, privateKey).toString('base64'),
  };
};

/** A message whose signature is missing, wrong, or from a producer not trusted for its type. */
export class MessageSignatureRefused extends Error {
  override readonly name = 'MessageSignatureRefused';
  constructor(reason: string) {
    super(`message signature refused: ${reason}`);
  }
}

/** Each producer a consumer accepts, with the public keys it trusts for it (several: rotation). */
export type TrustedProducers = ReadonlyMap<string, readonly KeyObject[]>;

/**
 * Checks the signature of a received message against the keys trusted for the producer it names;
 * returns that producer, or throws `MessageSignatureRefused`.
 */
export const verifiedSigner = (
  trusted: TrustedProducers,
  body: Uint8Array,
  headers: Readonly<Record<string, unknown>>,
): string => {
  const signedBy = headers[SIGNATURE_HEADERS.signedBy];
  const signature = headers[SIGNATURE_HEADERS.signature];
  if (typeof signedBy !== 'string' || typeof signature !== 'string') {
    throw new MessageSignatureRefused(
      `no ${SIGNATURE_HEADERS.signedBy} and ${SIGNATURE_HEADERS.signature} headers`,
    );
  }
  const keys = trusted.get(signedBy);
  if (keys === undefined) {
    throw new MessageSignatureRefused(`signed by ${signedBy}, a producer not trusted here`);
  }
  const expiresAt = headers[EXPIRES_AT_HEADER];
  const bytes = canonicalSignedBytes(
    signedBy,
    body,
    typeof expiresAt === 'string' ? expiresAt : undefined,
  );
  const signatureBytes = Buffer.from(signature, 'base64');
  if (!keys.some((key) => verify(null, bytes, key, signatureBytes))) {
    throw new MessageSignatureRefused(
      `the signature does not match the message under any key trusted for ${signedBy}`,
    );
  }
  return signedBy;
};
