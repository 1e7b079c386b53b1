/**
 * PIN hashing with scrypt (node:crypto), its parameters in one place. A stored hash reads
 * `scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>`, so hashes made with older parameters still verify after they change.
 * A PIN is short, so the hash alone does not protect it against a stolen database: the growing lockout does online,
 * and the 0600 database file offline; scrypt makes each guess cost memory and time on top.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export const SCRYPT = { N: 2 ** 14, r: 8, p: 1, keyLength: 32, saltLength: 16 } as const;

function derive(pin: string, salt: Buffer, o: ScryptOptions & { keyLength: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(pin, salt, o.keyLength, { N: o.N!, r: o.r!, p: o.p!, maxmem: 256 * (o.N ?? 1) * (o.r ?? 1) + 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashPin(pin: string): Promise<string> {
  const salt = randomBytes(SCRYPT.saltLength);
  const key = await derive(pin, salt, SCRYPT);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Constant-time check of `pin` against a stored hash; false for a malformed hash. */
export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(pin, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p), keyLength: expected.length });
  return key.length === expected.length && timingSafeEqual(key, expected);
}
