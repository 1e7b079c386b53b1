/**
 * How long the WAL is, read from the wal-index header in the database's -shm file: a 100-byte read of shared memory,
 * cheap enough for a short timer (SQL has no way to ask without running a checkpoint). Layout from
 * https://www.sqlite.org/walformat.html: iVersion (3007000) at byte 0, mxFrame (frames in the WAL) at byte 16,
 * nBackfill (frames already copied into the database file) at byte 96, all in the machine's byte order.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { endianness } from 'node:os';

export interface WalFrames {
  /** Frames (pages) in the WAL since it last restarted. */
  frames: number;
  /** Of those, how many are already in the database file. */
  backfilled: number;
}

const WAL_INDEX_VERSION = 3007000;
const HEADER_BYTES = 100;

/** The frames from a wal-index header; null when the bytes are not one (no WAL yet, another format). */
export function parseWalIndex(header: Buffer): WalFrames | null {
  if (header.length < HEADER_BYTES) return null;
  const u32 = (at: number): number => (endianness() === 'LE' ? header.readUInt32LE(at) : header.readUInt32BE(at));
  if (u32(0) !== WAL_INDEX_VERSION) return null;
  return { frames: u32(16), backfilled: u32(96) };
}

/** Reads the wal-index of `${file}-shm`, keeping the descriptor open between reads. */
export class WalIndexReader {
  private fd: number | null = null;
  private readonly buf = Buffer.alloc(HEADER_BYTES);

  constructor(private readonly file: string) {}

  read(): WalFrames | null {
    try {
      this.fd ??= openSync(`${this.file}-shm`, 'r');
      const n = readSync(this.fd, this.buf, 0, HEADER_BYTES, 0);
      return n === HEADER_BYTES ? parseWalIndex(this.buf) : null;
    } catch {
      this.close(); // no -shm yet (or it was removed when the last connection closed): nothing to checkpoint
      return null;
    }
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
