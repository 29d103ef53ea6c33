import type { ServiceName } from '@pattern-shop/contracts';
import { parsePrivateSigningKey, signatureHeaders } from '@pattern-shop/messaging-signing';
import { LOCAL_INFRA } from './local-environment.js';

/**
 * `headers` plus the signature `producer`'s outbox relay would add, with its local development
 * key: for a test that stands in for the producer of a command or reply (docs/security.md).
 */
export const signedAs = (
  producer: ServiceName,
  body: Uint8Array,
  headers: Readonly<Record<string, string>>,
): Record<string, string> => ({
  ...headers,
  ...signatureHeaders(
    { service: producer, privateKey: parsePrivateSigningKey(LOCAL_INFRA.signingKey(producer)) },
    body,
    headers,
  ),
});
