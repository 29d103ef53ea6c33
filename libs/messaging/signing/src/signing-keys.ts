import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/**
 * A development key pair is named, not written out: `local-development-only-message-signing-key:
 * order-service` stands for the key whose seed is the SHA-256 of that text. Anyone can derive it,
 * so production refuses the name (libs/platform/src/development-secrets.ts), in a private key and
 * in a list of trusted public keys alike.
 */
export const DEVELOPMENT_SIGNING_KEY_PREFIX = 'local-development-only-message-signing-key:';

export const developmentSigningKey = (service: string): string =>
  `${DEVELOPMENT_SIGNING_KEY_PREFIX}${service}`;

// PKCS#8 DER of an Ed25519 key holds its 32-byte seed after this fixed prefix (RFC 8410).
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

const developmentPrivateKey = (name: string): KeyObject =>
  createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, createHash('sha256').update(name).digest()]),
    format: 'der',
    type: 'pkcs8',
  });

const requireEd25519 = (key: KeyObject, what: string): KeyObject => {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`${what} is a ${key.asymmetricKeyType ?? 'symmetric'} key, not Ed25519`);
  }
  return key;
};

/**
 * A producer's private key: a development name, a PKCS#8 PEM (`openssl genpkey -algorithm
 * ed25519`; `\n` written as two characters is accepted, as env files hold one line) or the
 * base64 of its DER.
 */
export const parsePrivateSigningKey = (value: string): KeyObject => {
  const text = value.trim();
  if (text.startsWith(DEVELOPMENT_SIGNING_KEY_PREFIX)) return developmentPrivateKey(text);
  const key = text.startsWith('-----BEGIN')
    ? createPrivateKey(text.replaceAll('\\n', '\n'))
    : createPrivateKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'pkcs8' });
  return requireEd25519(key, 'the private signing key');
};

/**
 * The public keys a consumer trusts for one producer, comma-separated: more than one while a key
 * is rotated. Each is a development name or the base64 of an SPKI DER (`openssl pkey -pubout
 * -outform DER | base64 -w0`).
 */
export const parsePublicSigningKeys = (value: string): KeyObject[] =>
  value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) =>
      entry.startsWith(DEVELOPMENT_SIGNING_KEY_PREFIX)
        ? createPublicKey(developmentPrivateKey(entry))
        : requireEd25519(
            createPublicKey({ key: Buffer.from(entry, 'base64'), format: 'der', type: 'spki' }),
            'a trusted public signing key',
          ),
    );

/** The one-line form `parsePublicSigningKeys` reads, e.g. to print a new key's public half. */
export const publicKeyText = (key: KeyObject): string =>
  (key.type === 'public' ? key : createPublicKey(key))
    .export({ format: 'der', type: 'spki' })
    .toString('base64');
