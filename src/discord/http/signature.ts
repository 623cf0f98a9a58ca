// Discord signs every interaction it POSTs: Ed25519 over `timestamp + raw body`, with the application's public
// key (Developer Portal > General Information). Node's crypto verifies it; nothing here is hand-rolled.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/** Ed25519 keys and signatures as Discord writes them: lower- or upper-case hex. */
const HEX_KEY = /^[0-9a-f]{64}$/i;
const HEX_SIGNATURE = /^[0-9a-f]{128}$/i;
const TIMESTAMP = /^\d{1,12}$/;

/** The application's public key (64 hex characters) as a key object. Throws on anything else. */
export function publicKeyFromHex(hex: string): KeyObject {
  if (!HEX_KEY.test(hex)) throw new Error('an Ed25519 public key is 64 hex characters');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(hex, 'hex').toString('base64url') }, format: 'jwk' });
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'invalid' };

export interface SignedRequest {
  signature: string | undefined;
  timestamp: string | undefined;
  body: Buffer;
}

/**
 * Checks one request. `maxAgeSeconds` bounds how far the signed timestamp may lie from `nowSeconds` either
 * way: a request captured and replayed later is refused once it is older than that.
 */
export function checkSignature(key: KeyObject, request: SignedRequest, nowSeconds: number, maxAgeSeconds: number): SignatureCheck {
  const { signature, timestamp, body } = request;
  if (!signature || !timestamp) return { ok: false, reason: 'missing' };
  if (!HEX_SIGNATURE.test(signature) || !TIMESTAMP.test(timestamp)) return { ok: false, reason: 'malformed' };
  const signed = verify(null, Buffer.concat([Buffer.from(timestamp, 'utf8'), body]), key, Buffer.from(signature, 'hex'));
  if (!signed) return { ok: false, reason: 'invalid' };
  // Checked after the signature, so the stale reason is only ever given for Discord's own (old) requests.
  if (Math.abs(nowSeconds - Number(timestamp)) > maxAgeSeconds) return { ok: false, reason: 'stale' };
  return { ok: true };
}
