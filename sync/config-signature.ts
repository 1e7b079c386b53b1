/**
 * Signed downlink configs: the fleet signs each desired config with its Ed25519 private key; a device that has the
 * fleet's public key pinned in its local config refuses anything unsigned or signed by another key. The signature
 * covers the canonical JSON (keys sorted at every level, no spaces) of the desired document without `signature`,
 * so the version, the target device and every setting are bound by it.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

/** JSON with object keys sorted at every level: the same bytes for the same value, whoever serialised it. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function signedBytes(doc: Record<string, unknown>): Buffer {
  const { signature: _signature, ...rest } = doc;
  return Buffer.from(canonicalJson(rest), 'utf8');
}

/** Reads an Ed25519 public key: PEM, or base64 of its DER SubjectPublicKeyInfo. Throws with what was wrong. */
export function parseFleetPublicKey(text: string): KeyObject {
  let key: KeyObject;
  try {
    key = text.includes('-----BEGIN') ? createPublicKey(text) : createPublicKey({ key: Buffer.from(text.trim(), 'base64'), format: 'der', type: 'spki' });
  } catch (err) {
    throw new Error(`not a public key (PEM, or base64 DER SPKI): ${(err as Error).message}`, { cause: err });
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the key is ${key.asymmetricKeyType ?? 'unknown'}, not Ed25519`);
  return key;
}

export function parseFleetPrivateKey(pem: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the key is ${key.asymmetricKeyType ?? 'unknown'}, not Ed25519`);
  return key;
}

/** Returns the document with its `signature` (base64). */
export function signDesired<T extends Record<string, unknown>>(doc: T, privateKey: KeyObject): T & { signature: string } {
  return { ...doc, signature: sign(null, signedBytes(doc), privateKey).toString('base64') };
}

/** null when the signature is present and valid for the key; otherwise the reason. */
export function signatureProblem(doc: Record<string, unknown>, publicKey: KeyObject): string | null {
  const sig = doc.signature;
  if (typeof sig !== 'string' || sig === '') return 'the config is not signed, and this device accepts only configs signed with its pinned fleet key';
  const bytes = Buffer.from(sig, 'base64');
  if (bytes.length !== 64) return 'the signature is not a base64 Ed25519 signature (64 bytes)';
  return verify(null, signedBytes(doc), publicKey, bytes)
    ? null
    : 'the signature does not match the pinned fleet key (signed by another key, or the config was changed)';
}

/** A new fleet key pair as PEM (the private key goes to the fleet's push tool, the public one into each device's config). */
export function generateFleetKeyPair(): { publicKeyPem: string; privateKeyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}
