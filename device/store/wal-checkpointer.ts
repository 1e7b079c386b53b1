/**
 * Checkpoints the device database's WAL off the changes' path. SQLite's automatic checkpoint runs inside the commit
 * that crosses 1,000 WAL pages, copying the WAL into the database file and fsyncing it there: that one change in
 * ~24 set the stage change's p95. Here the connection runs with `wal_autocheckpoint = 0` and a worker thread, on its
 * own connection, runs a PASSIVE checkpoint when the WAL is `thresholdFrames` pages long and not all in the file (checked on
 * a short timer by reading the wal-index, wal-index.ts). PASSIVE never takes the write lock, so no change waits on it
 * or fails for it. The WAL restarts at the first write after a checkpoint caught up; writes with no gap at all between
 * them (or a reader on an old snapshot) keep it from restarting, so once it is `limitFrames` long SQLite's automatic
 * checkpoint is back on the connection until the WAL has restarted: the bound SQLite itself gives. (A TRUNCATE from
 * the worker would hold the write lock: a deferred transaction that read first then fails with SQLITE_BUSY at once,
 * without its busy timeout; seen in the CRM bench.) At stop, a last TRUNCATE; if the worker dies, SQLite's automatic
 * checkpoint is back for good. Only committed pages are copied: a crash in the middle of a checkpoint loses nothing.
 */
import type { Worker } from 'node:worker_threads';
import type { Db } from './database.js';
import type { CheckpointMode, CheckpointReply, CheckpointRequest, CheckpointWorkerData } from './wal-checkpoint-protocol.js';
import { WalIndexReader, type WalFrames } from './wal-index.js';
import { spawnModuleWorker } from '../../models/worker/spawn.js';

export const SQLITE_AUTOCHECKPOINT = 1000; // SQLite's default, restored when the checkpointer stops or dies

export interface WalCheckpointerOptions {
  /** Pages in the WAL not yet in the database file that start a PASSIVE checkpoint. */
  thresholdFrames?: number;
  /** WAL length (pages) past which SQLite's automatic checkpoint is back on the connection until the WAL restarts. */
  limitFrames?: number;
  /** How often the wal-index is looked at (ms). */
  intervalMs?: number;
  /** How long the last checkpoint, at stop, may wait for readers (ms). */
  fallbackWaitMs?: number;
  /** The timer (injectable for tests): calls `fn` every `ms` until the returned function is called. */
  every?: (ms: number, fn: () => void) => () => void;
  onCheckpoint?: (reply: CheckpointReply) => void;
  /** true: the WAL passed the limit and SQLite's automatic checkpoint is on; false: it restarted, this one is back. */
  onHandover?: (sqliteInCharge: boolean) => void;
  /** The worker failed or died; the connection is back on SQLite's automatic checkpoint. */
  onError?: (err: Error) => void;
}

const DEFAULTS = { thresholdFrames: 1000, limitFrames: 10_000, intervalMs: 200, fallbackWaitMs: 500 };

const MAX_CATCH_UPS = 8; // checkpoints run one after another before the timer's next look

const everyInterval = (ms: number, fn: () => void): (() => void) => {
  const timer = setInterval(fn, ms);
  timer.unref(); // the checkpointer never keeps a process alive
  return () => clearInterval(timer);
};

export class WalCheckpointer {
  private readonly index: WalIndexReader;
  private readonly worker: Worker;
  private readonly waiting: ((reply: CheckpointReply) => void)[] = [];
  private readonly cancelTimer: () => void;
  private readonly opts: Required<Omit<WalCheckpointerOptions, 'onCheckpoint' | 'onHandover' | 'onError' | 'every'>> & WalCheckpointerOptions;
  private running: Promise<CheckpointReply> | null = null;
  private stopping: Promise<void> | null = null;
  private dead = false;
  private readonly exited: Promise<void>;
  /** SQLite's automatic checkpoint is on (the WAL passed the limit). */
  private sqliteInCharge = false;
  private catchUps = 0;

  /** Starts checkpointing `db` (open on `file`, in WAL mode). Not for ':memory:'. */
  constructor(
    private readonly db: Db,
    file: string,
    options: WalCheckpointerOptions = {},
  ) {
    this.opts = { ...DEFAULTS, ...options };
    this.index = new WalIndexReader(file);
    const data: CheckpointWorkerData = { file, fallbackWaitMs: this.opts.fallbackWaitMs };
    this.worker = spawnModuleWorker(import.meta.url, 'wal-checkpoint-worker', { workerData: data });
    this.worker.on('message', (reply: CheckpointReply) => {
      this.waiting.shift()?.(reply);
      if (!this.waiting.length && !this.stopping) this.worker.unref(); // stopping: up until the worker has exited
      this.opts.onCheckpoint?.(reply);
    });
    this.worker.on('error', (err) => this.died(err));
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    void this.exited.then(() => {
      if (!this.stopping) this.died(new Error('the WAL checkpoint worker exited'));
    });
    this.worker.unref(); // after the listeners: adding a 'message' listener refs the worker again
    db.pragma('wal_autocheckpoint = 0');
    this.cancelTimer = (this.opts.every ?? everyInterval)(this.opts.intervalMs, () => this.tick());
  }

  /** One look at the WAL; starts a checkpoint when one is due (called by the timer; public for tests). */
  tick(): void {
    if (this.running || this.stopping || this.dead) return;
    const wal: WalFrames | null = this.index.read();
    if (!wal) return;
    if (wal.frames >= this.opts.limitFrames && !this.sqliteInCharge) this.handToSqlite(true);
    else if (wal.frames < this.opts.thresholdFrames && this.sqliteInCharge) this.handToSqlite(false);
    // Past the threshold, whatever is not yet in the file: a checkpoint that caught up lets the next write restart
    // the WAL (one that left frames behind, because a write came in meanwhile, does not).
    if (wal.frames >= this.opts.thresholdFrames && wal.frames > wal.backfilled) {
      void this.checkpoint('PASSIVE').then((r) => {
        // Caught up with what it saw, but writes came in meanwhile: a few more right away, each shorter, so one ends
        // in a gap between writes and the WAL restarts (not when a reader held it back: the timer tries again).
        const complete = r.type === 'checkpointed' && !r.busy && r.backfilled === r.frames;
        this.catchUps = complete && this.catchUps < MAX_CATCH_UPS ? this.catchUps + 1 : 0;
        if (this.catchUps) setImmediate(() => this.tick());
      });
    } else {
      this.catchUps = 0;
    }
  }

  /** Resolves when no checkpoint is running (one a tick started, say). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Runs one checkpoint now (after the one running, if any). */
  checkpoint(mode: CheckpointMode): Promise<CheckpointReply> {
    if (this.dead || this.stopping) return Promise.resolve({ type: 'checkpoint-failed', mode, message: 'the checkpointer is stopped' });
    const run = (this.running ?? Promise.resolve()).then(() => this.send({ type: 'checkpoint', mode }, mode));
    this.running = run;
    void run.then(() => {
      if (this.running === run) this.running = null;
    });
    return run;
  }

  /** Stops the timer, waits for a running checkpoint, runs a last TRUNCATE one and ends the worker (it is gone when
   * this resolves). The connection goes back to SQLite's automatic checkpoint if still open. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.cancelTimer();
      await this.idle();
      if (!this.dead) {
        await this.send({ type: 'close' }, 'TRUNCATE');
        await this.exited;
      }
      this.index.close();
      if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT}`);
    })();
    return this.stopping;
  }

  /** Whether SQLite checkpoints in the connection's commits (past the limit), or this checkpointer does. */
  get sqliteCheckpoints(): boolean {
    return this.sqliteInCharge || this.dead || this.stopping !== null;
  }

  private handToSqlite(on: boolean): void {
    this.sqliteInCharge = on;
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${on ? SQLITE_AUTOCHECKPOINT : 0}`);
    this.opts.onHandover?.(on);
  }

  private send(req: CheckpointRequest, mode: CheckpointMode): Promise<CheckpointReply> {
    if (this.dead) return Promise.resolve({ type: 'checkpoint-failed', mode, message: 'the checkpoint worker died' });
    return new Promise((resolve) => {
      this.worker.ref(); // an answer someone awaits keeps the process up; an idle worker never does
      this.waiting.push(resolve);
      this.worker.postMessage(req);
    });
  }

  private died(err: Error): void {
    if (this.dead) return;
    this.dead = true;
    this.cancelTimer();
    for (const resolve of this.waiting.splice(0)) resolve({ type: 'checkpoint-failed', mode: 'PASSIVE', message: err.message });
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT}`);
    this.opts.onError?.(err);
  }
}
