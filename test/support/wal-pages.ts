/**
 * Pages a write puts in the WAL, and which b-trees they belong to. With the automatic checkpoint off and the WAL
 * truncated first, every commit appends one frame per page it changed (a transaction writes each dirty page once), and
 * nothing copies frames out or restarts the WAL meanwhile: the frames in the -wal file after N writes are exactly the
 * pages those N commits wrote, each frame's header naming its page. `dbstat` (read after the writes, so pages the
 * writes allocated are known) names the table or index each page belongs to. What is fsynced per commit is these
 * frames, so fewer of them is less to write and sync.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { Database } from 'better-sqlite3';

export interface WalPages {
  /** Frames appended per write. */
  perWrite: number;
  /** Frames per write by b-tree, most first ('(free)' for pages on no b-tree now, e.g. freed by the writes). */
  byTree: { name: string; pages: number }[];
}

/** Runs `write(i)` n times on a connection with no other writer and no checkpointer running; counts the WAL's frames. */
export function walPagesPer(db: Database, file: string, n: number, write: (i: number) => void): WalPages {
  const autocheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  db.pragma('wal_autocheckpoint = 0');
  const busy = (db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[])[0]?.busy ?? 0;
  // A reader holding a snapshot keeps old frames in the WAL: they would be counted as this write's.
  if (busy || (existsSync(`${file}-wal`) && statSync(`${file}-wal`).size > 0)) {
    db.pragma(`wal_autocheckpoint = ${autocheckpoint}`);
    throw new Error('walPagesPer: the WAL could not be emptied (another connection?)');
  }
  try {
    for (let i = 0; i < n; i++) write(i);
    const wal = readFileSync(`${file}-wal`);
    const pageSize = wal.readUInt32BE(8); // the WAL header: magic, format version, page size, ...
    const frameSize = 24 + pageSize; // a frame: a 24-byte header (page number first) and the page
    const frames = Math.floor((wal.length - 32) / frameSize);
    const owner = new Map<number, string>();
    for (const r of db.prepare(`SELECT name, pageno FROM dbstat`).iterate() as Iterable<{ name: string; pageno: number }>) owner.set(r.pageno, r.name);
    const counts = new Map<string, number>();
    for (let f = 0; f < frames; f++) {
      const name = owner.get(wal.readUInt32BE(32 + f * frameSize)) ?? '(free)';
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    return {
      perWrite: frames / n,
      byTree: [...counts].sort((a, b) => b[1] - a[1]).map(([name, c]) => ({ name, pages: c / n })),
    };
  } finally {
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma(`wal_autocheckpoint = ${autocheckpoint}`);
  }
}
