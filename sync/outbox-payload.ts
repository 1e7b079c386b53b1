/**
 * An outbox payload at rest in SQLite. On the wire a payload is always its JSON text (docs/sync.md); in the table it
 * is stored compressed when that saves bytes, because every byte of a stage change's commit is written to the WAL and
 * fsynced (a contact snapshot of ~1.7 KB deflates to ~0.8 KB). The column holds one of:
 * - TEXT: the JSON itself (rows written before compression, payloads too small to gain, '' once delivered, the
 *   erasure marker);
 * - BLOB: one format byte, then the payload. 0x01: UTF-8 JSON, raw deflate (RFC 1951). A new format is a new byte;
 *   a byte this code does not know is refused with an error, never sent as garbage.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** The format byte of raw-deflated UTF-8 JSON. */
export const DEFLATE_RAW = 0x01;
/** Below this many bytes deflate saves less than it costs (its own header, a BLOB's format byte, the time). */
export const COMPRESS_FROM = 256;
// memLevel 6: the default 8 allocates ~256 KB of hash tables per call, most of a call's time for a 2 KB payload.
const DEFLATE = { memLevel: 6 } as const;

/** What the column stores for `json`: the text, or the format byte and its deflated bytes when they are shorter. */
export function payloadAtRest(json: string): string | Buffer {
  if (json.length < COMPRESS_FROM) return json;
  const packed = deflateRawSync(json, DEFLATE);
  if (packed.length + 1 >= Buffer.byteLength(json)) return json;
  return Buffer.concat([Buffer.of(DEFLATE_RAW), packed]);
}

/** The JSON text of a stored payload (as better-sqlite3 returns the column: a string for TEXT, a Buffer for BLOB). */
export function payloadText(stored: string | Buffer): string {
  if (typeof stored === 'string') return stored;
  if (stored.length > 0 && stored[0] === DEFLATE_RAW) return inflateRawSync(stored.subarray(1)).toString('utf8');
  throw new Error(
    `An outbox payload is stored in a format this version does not know (first byte ${stored.length ? `0x${stored[0]!.toString(16).padStart(2, '0')}` : 'none'}, ${stored.length} bytes). It was written by a newer Frontdesk: run that version, or erase the entry.`,
  );
}
