/**
 * Watches whether the device can write its data: a write that failed for lack of disk (SQLITE_FULL, SQLITE_IOERR)
 * puts the store in a "cannot save" state that health, the doctor and the log show with the free space; a probe
 * write every `probeMs` (and any successful write) ends it, so the device recovers by itself when space returns.
 */
import { statfsSync } from 'node:fs';
import type { Logger } from '../log.js';
import type { Db } from './database.js';

export interface StorageState {
  /** false while writes fail for lack of space. */
  writable: boolean;
  freeBytes: number | null;
  /** The last failed write: where, SQLite's code, when. */
  problem: { where: string; code: string; message: string; at: string } | null;
}

/** Below this the doctor and health warn before writes start failing. */
export const LOW_FREE_BYTES = 50 * 1024 * 1024;

export function freeBytesOf(dir: string): number | null {
  try {
    const s = statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}

export class StorageWatch {
  private problem: StorageState['problem'] = null;
  private probeTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly dataDir: string,
    private readonly log: Logger,
    private readonly opts: { probeMs?: number; now?: () => Date } = {},
  ) {}

  /** A write failed for lack of space: staff are told once per episode (health says it all along). */
  failed(where: string, err: unknown): void {
    const e = err as { code?: string; message?: string };
    const first = this.problem === null;
    this.problem = { where, code: e.code ?? 'unknown', message: e.message ?? String(err), at: (this.opts.now?.() ?? new Date()).toISOString() };
    if (first) {
      this.log.error(
        { where, code: e.code, freeBytes: freeBytesOf(this.dataDir), dataDir: this.dataDir },
        'the device cannot save data: the disk is full or failing; visitors are asked to leave their details with staff. Free space on the data disk; the device recovers by itself.',
      );
      this.scheduleProbe();
    }
  }

  /** A write went through: space is back. */
  succeeded(): void {
    if (!this.problem) return;
    this.log.info({ freeBytes: freeBytesOf(this.dataDir), after: this.problem.at }, 'the device can save data again');
    this.problem = null;
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = null;
  }

  state(): StorageState {
    return { writable: this.problem === null, freeBytes: freeBytesOf(this.dataDir), problem: this.problem };
  }

  /** Tries one small real write now; true when it went through. */
  probe(): boolean {
    try {
      this.db
        .prepare(`INSERT INTO sync_meta (key, value) VALUES ('storage_probe', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
        .run((this.opts.now?.() ?? new Date()).toISOString());
      this.succeeded();
      return true;
    } catch (err) {
      if (!this.db.open) return false;
      this.problem = {
        ...(this.problem ?? { where: 'probe', at: new Date().toISOString() }),
        code: (err as { code?: string }).code ?? 'unknown',
        message: (err as Error).message,
      };
      return false;
    }
  }

  private scheduleProbe(): void {
    if (this.probeTimer) return;
    this.probeTimer = setTimeout(() => {
      this.probeTimer = null;
      if (!this.problem || !this.db.open) return;
      if (!this.probe()) this.scheduleProbe();
    }, this.opts.probeMs ?? 5000);
    this.probeTimer.unref();
  }

  stop(): void {
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = null;
  }
}
