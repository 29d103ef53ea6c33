import { describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import {
  developmentSigningKey,
  parsePrivateSigningKey,
  parsePublicSigningKeys,
  publicKeyText,
} from './signing-keys.js';
import { SIGNATURE_HEADERS, signatureHeaders } from './message-signature.js';
import { messageVerifier } from './message-verifier.js';

const orderService = {
  service: 'order-service',
  privateKey: parsePrivateSigningKey(developmentSigningKey('order-service')),
};
const body = Buffer.from('{"type":"RefundPayment","data":{"amountCents":100}}');
const headers = { 'expires-at': '2026-12-04T10:00:00.000Z' };
const verifier = messageVerifier({
  'order-service': parsePublicSigningKeys(developmentSigningKey('order-service')),
});
const signed = () => ({ ...headers, ...signatureHeaders(orderService, body, headers) });

describe('signed commands and replies', () => {
  it('given a message signed by a trusted producer, when verified, then its signer is returned', () => {
    expect(verifier.verify(body, signed())).toBe('order-service');
  });

  it('given a tampered body, when verified, then it is refused', () => {
    const tampered = Buffer.from(body.toString().replace('100', '900'));
    expect(() => verifier.verify(tampered, signed())).toThrow(
      /signature refused: the signature does not match/,
    );
  });

  it('given a moved deadline (expires-at), when verified, then it is refused', () => {
    const moved = { ...signed(), 'expires-at': '2027-01-01T00:00:00.000Z' };
    expect(() => verifier.verify(body, moved)).toThrow(/does not match/);
  });

  it('given no signature headers, when verified, then it is refused and says which', () => {
    expect(() => verifier.verify(body, headers)).toThrow(/no x-signed-by and x-signature headers/);
  });

  it('given a signature by another key under the trusted name, when verified, then it is refused', () => {
    const forger = {
      service: 'order-service',
      privateKey: generateKeyPairSync('ed25519').privateKey,
    };
    const forged = { ...headers, ...signatureHeaders(forger, body, headers) };
    expect(() => verifier.verify(body, forged)).toThrow(/does not match/);
  });

  it('given a producer this consumer does not trust, when verified, then it is refused', () => {
    const other = {
      service: 'email-service',
      privateKey: parsePrivateSigningKey(developmentSigningKey('email-service')),
    };
    const signedByOther = { ...headers, ...signatureHeaders(other, body, headers) };
    expect(() => verifier.verify(body, signedByOther)).toThrow(
      /email-service, a producer not trusted/,
    );
  });

  it('given a trusted producer, when it sends a type another service owns, then it is refused', () => {
    expect(() => verifier.checkProducer('RefundPayment', 'order-service')).not.toThrow();
    expect(() => verifier.checkProducer('PaymentCharged', 'order-service')).toThrow(
      /PaymentCharged must be signed by payment-service, not order-service/,
    );
    expect(() => verifier.checkProducer('OrderPlaced', 'order-service')).toThrow(
      /not a signed command or reply/,
    );
  });

  it('given a rotation (old and new key trusted), when either signs, then both verify', () => {
    const next = generateKeyPairSync('ed25519');
    const rotating = messageVerifier({
      'order-service': parsePublicSigningKeys(
        `${developmentSigningKey('order-service')}, ${publicKeyText(next.publicKey)}`,
      ),
    });
    const byNext = signatureHeaders(
      { service: 'order-service', privateKey: next.privateKey },
      body,
      {},
    );
    expect(rotating.verify(body, byNext)).toBe('order-service');
    expect(rotating.verify(body, signed())).toBe('order-service');
  });

  it('given a PEM private key with escaped newlines, when parsed, then it signs what its public key verifies', () => {
    const pair = generateKeyPairSync('ed25519');
    const pem = pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const signer = {
      service: 'order-service',
      privateKey: parsePrivateSigningKey(pem.replaceAll('\n', '\\n')),
    };
    const trusting = messageVerifier({
      'order-service': parsePublicSigningKeys(publicKeyText(pair.publicKey)),
    });
    expect(trusting.verify(body, signatureHeaders(signer, body, {}))).toBe('order-service');
  });

  it('given a key of another algorithm, when parsed, then it is refused', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const der = rsa.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    expect(() => parsePublicSigningKeys(der)).toThrow(/rsa key, not Ed25519/);
  });

  it('given the headers a signed message carries, then they name the signer beside the signature', () => {
    const names = Object.keys(signatureHeaders(orderService, body, headers));
    expect(names).toEqual([SIGNATURE_HEADERS.signedBy, SIGNATURE_HEADERS.signature]);
  });
});
