/**
 * A UUID whose first 48 bits are a time in milliseconds (version 7, RFC 9562): ids made one after another sort one
 * after another, so a b-tree keyed by them (the activities' primary key, the outbox's idempotency keys
 * `activity:<id>:v1`) takes each new one at its right edge, in a leaf already in the cache and the WAL, where a
 * random (version 4) id lands on any of thousands of leaves. Still a UUID to every reader (the sync schemas check the
 * form, not the version); the remaining 74 bits are random.
 */
import { randomFillSync } from 'node:crypto';

const bytes = Buffer.alloc(16);

/** `ms`: the time to put in front (the caller's clock, so an injected clock orders its ids too). */
export function timeOrderedUuid(ms: number): string {
  randomFillSync(bytes, 6, 10);
  const t = Math.max(0, Math.min(Math.trunc(ms), 2 ** 48 - 1));
  bytes.writeUIntBE(t, 0, 6);
  bytes[6] = 0x70 | (bytes[6]! & 0x0f); // version 7
  bytes[8] = 0x80 | (bytes[8]! & 0x3f); // variant 10
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
