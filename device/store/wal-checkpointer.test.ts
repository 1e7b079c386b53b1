/**
 * The WAL checkpointer: the WAL stays bounded under a burst of commits, lingering readers are waited out by the
 * TRUNCATE fallback, it stops cleanly (the worker gone, the WAL emptied, no process kept alive), and a process killed
 * in the middle of a checkpoint loses no committed row.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { checkIntegrity, openDatabase, type Db } from './database.js';
import type { Migration } from './migrations.js';
import type { CheckpointReply } from './wal-checkpoint-protocol.js';
import { SQLITE_AUTOCHECKPOINT, WalCheckpointer, type WalCheckpointerOptions } from './wal-checkpointer.js';
import { WalIndexReader } from './wal-index.js';

const ROWS: Migration[] = [{ version: 1, name: 'rows', sql: 'CREATE TABLE rows (n INTEGER PRIMARY KEY, body BLOB NOT NULL)' }];
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LOADER = join(ROOT, 'scripts/dev/ts-worker-register.mjs');
const WRITER = join(ROOT, 'test/support/checkpoint-writer.ts');

const open: { db: Db; checkpointer?: WalCheckpointer }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.checkpointer?.stop();
    if (o.db.open) o.db.close();
  }
});

function setup(options: WalCheckpointerOptions = {}) {
  const file = join(mkdtempSync(join(tmpdir(), 'fd-wal-')), 'db.sqlite');
  const db = openDatabase(file, ROWS);
  const replies: CheckpointReply[] = [];
  // The timer is the test's: it ticks when the test says.
  const checkpointer = new WalCheckpointer(db, file, { every: () => () => {}, onCheckpoint: (r) => replies.push(r), ...options });
  open.push({ db, checkpointer });
  const insert = db.prepare('INSERT INTO rows (body) VALUES (randomblob(?))');
  const walBytes = () => statSync(`${file}-wal`).size;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  /** Waits for the checkpoint a tick started, if any. */
  const tick = async () => {
    checkpointer.tick();
    await checkpointer.idle();
  };
  return { file, db, checkpointer, replies, insert, walBytes, pageSize, tick };
}

describe('WAL index', () => {
  it('reads the WAL length SQLite reports', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fd-walidx-')), 'db.sqlite');
    const db = openDatabase(file, ROWS);
    open.push({ db });
    db.pragma('wal_autocheckpoint = 0');
    db.pragma('wal_checkpoint(TRUNCATE)');
    const reader = new WalIndexReader(file);
    for (let i = 0; i < 40; i++) db.prepare('INSERT INTO rows (body) VALUES (randomblob(3000))').run();
    const before = reader.read()!;
    const [sqlite] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
    expect(before.frames).toBe(sqlite!.log);
    expect(before.frames).toBeGreaterThanOrEqual(40);
    expect(before.backfilled).toBe(0);
    expect(reader.read()).toEqual({ frames: sqlite!.log, backfilled: sqlite!.checkpointed });
    reader.close();
  });
});

describe('WAL checkpointer', () => {
  it('keeps the WAL bounded under a burst of commits, with no checkpoint on the connection', async () => {
    const { db, insert, walBytes, pageSize, tick, replies } = setup({ thresholdFrames: 200 });
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    // 40 bursts of 50 commits of ~2 pages each (4,000 pages in all); the timer looks between bursts.
    for (let burst = 0; burst < 40; burst++) {
      for (let i = 0; i < 50; i++) insert.run(5000);
      await tick();
    }
    const passive = replies.filter((r) => r.type === 'checkpointed' && r.mode === 'PASSIVE');
    expect(passive.length).toBeGreaterThanOrEqual(10);
    expect(passive.every((r) => r.type === 'checkpointed' && !r.busy && r.backfilled === r.frames)).toBe(true);
    // Never much past threshold + one burst; without the checkpointer it would hold all 4,000+ pages.
    expect(walBytes()).toBeLessThan((200 + 200) * (pageSize + 24) + 32);
    expect((db.prepare('SELECT count(*) AS n FROM rows').get() as { n: number }).n).toBe(2000);
  });

  it('hands the WAL to SQLite past the limit while a reader holds it, and takes it back once it restarts', async () => {
    const { db, file, insert, tick, checkpointer } = setup({ thresholdFrames: 100, limitFrames: 600 });
    const handovers: boolean[] = [];
    const reader = new Database(file, { readonly: true });
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM rows').get(); // a read transaction on the snapshot before the burst
    const readThenWrite = db.transaction(() => {
      db.prepare('SELECT count(*) FROM rows').get(); // deferred: reads first, then writes
      insert.run(3000);
    });
    for (let burst = 0; burst < 10; burst++) {
      for (let i = 0; i < 50; i++) readThenWrite();
      await tick();
      handovers.push(checkpointer.sqliteCheckpoints);
    }
    expect(handovers.at(-1)).toBe(true);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(SQLITE_AUTOCHECKPOINT);
    reader.exec('COMMIT');
    reader.close();
    // The reader gone: the worker's checkpoint catches up, the next write restarts the WAL, the worker is back.
    for (let i = 0; i < 5; i++) {
      readThenWrite();
      await tick();
    }
    expect(checkpointer.sqliteCheckpoints).toBe(false);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    expect((db.prepare('SELECT count(*) AS n FROM rows').get() as { n: number }).n).toBe(505);
  });

  it('never makes a change fail: deferred read-then-write transactions back to back with the real timer', async () => {
    const { db, insert, checkpointer, replies } = setup({ thresholdFrames: 50, intervalMs: 2, every: undefined });
    const readThenWrite = db.transaction(() => {
      db.prepare('SELECT count(*) FROM rows').get();
      insert.run(3000);
    });
    for (let i = 0; i < 600; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      readThenWrite(); // throws SQLITE_BUSY if anything else held the write lock
    }
    await checkpointer.idle();
    expect(replies.filter((r) => r.type === 'checkpointed' && r.mode === 'PASSIVE').length).toBeGreaterThan(0);
    expect(replies.every((r) => r.type === 'checkpointed')).toBe(true);
  });

  it('stops cleanly: a last TRUNCATE, the worker gone, SQLite back in charge', async () => {
    const { db, insert, walBytes, checkpointer, replies } = setup();
    for (let i = 0; i < 30; i++) insert.run(3000);
    await checkpointer.stop();
    expect(replies.at(-1)).toMatchObject({ type: 'checkpointed', mode: 'TRUNCATE', busy: false });
    expect(walBytes()).toBe(0);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(SQLITE_AUTOCHECKPOINT);
    expect(await checkpointer.checkpoint('PASSIVE')).toMatchObject({ type: 'checkpoint-failed' });
    await checkpointer.stop(); // twice is fine
  });

  for (const mode of ['exit', 'forget'] as const) {
    it(`does not keep a process alive (${mode === 'exit' ? 'stopped' : 'never stopped'})`, async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'fd-walexit-')), 'db.sqlite');
      const { code, out } = await runWriter(file, mode);
      expect(code).toBe(0);
      expect(out).toContain('done');
      const db = openDatabase(file, ROWS);
      expect((db.prepare('SELECT count(*) AS n FROM rows').get() as { n: number }).n).toBe(100);
      db.close();
    }, 30_000);
  }

  it('loses no committed row when the process is killed in the middle of a checkpoint', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fd-walcrash-')), 'db.sqlite');
    const { code, out, signal } = await runWriter(file, 'crash', (o) => o.includes('checkpointing'));
    expect(code).toBeNull();
    expect(signal).toBe('SIGKILL');
    // The checkpoint's answer had not come back: the kill landed while the worker was copying the WAL.
    expect(out).not.toContain('checkpointed');
    const committed = Math.max(...[...out.matchAll(/committed (\d+)/g)].map((m) => Number(m[1])));
    expect(committed).toBeGreaterThanOrEqual(5000);
    const db = openDatabase(file, ROWS);
    expect(checkIntegrity(db)).toEqual([]);
    const { n, top } = db.prepare('SELECT count(*) AS n, max(n) AS top FROM rows').get() as { n: number; top: number };
    expect(top).toBeGreaterThanOrEqual(committed); // every row reported committed is there (a later one may be too)
    expect(n).toBe(top); // and none missing below it
    db.close();
  }, 60_000);
});

/** Runs test/support/checkpoint-writer.ts; with `killWhen`, SIGKILLs it as soon as its output matches. */
function runWriter(
  file: string,
  mode: 'crash' | 'exit' | 'forget',
  killWhen?: (out: string) => boolean,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> {
  const child = spawn(process.execPath, ['--import', LOADER, WRITER, file, mode], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (killWhen?.(out) && child.exitCode === null) child.kill('SIGKILL');
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
  return new Promise((resolve) =>
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0 && signal !== 'SIGKILL') out += `\n(stderr) ${err}`;
      resolve({ code, signal, out });
    }),
  );
}
