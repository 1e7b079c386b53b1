/**
 * Upkeep of the outbox outside the send path: requeueing what the bridge rejected once a fix may have arrived (a new
 * app version), and pruning delivered entries past the retention. Table `sync_meta` comes from the device store's
 * migration 4.
 */
import type Database from 'better-sqlite3';
import type { Outbox } from './outbox.js';

const REQUEUED_FOR = 'rejected_requeued_for_version';

/** On the first start of a new app version, rejected entries get another chance; returns how many were requeued. */
export function requeueOnNewVersion(db: Database.Database, outbox: Outbox, appVersion: string): number {
  const row = db.prepare(`SELECT value FROM sync_meta WHERE key = ?`).get(REQUEUED_FOR) as { value: string } | undefined;
  if (row?.value === appVersion) return 0;
  return db.transaction(() => {
    const n = outbox.requeueRejected();
    db.prepare(`INSERT INTO sync_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(REQUEUED_FOR, appVersion);
    return n;
  })();
}

const DAY_MS = 24 * 3600 * 1000;

/** Days delivered entries stay: contact snapshots, tasks and events (`entries`), and activities (`activities`). */
export interface OutboxRetention {
  entries: number;
  activities: number;
}

export interface OutboxPruneOptions {
  everyMs?: number;
  now?: () => number;
  onError?: (err: unknown) => void;
  /** Activity entries deleted per batch (each its own short write). */
  batch?: number;
  /** Pause between two batches, so the runtime's other work (the audio path) runs in between. */
  pauseMs?: number;
}

/**
 * Prunes delivered entries older than the retention now and then every `everyMs`; returns a stop function. Activity
 * entries (one per activity, kept until now) go in batches of `batch`, `pauseMs` apart, until none of that age is
 * left: a backlog of a million never holds the event loop for more than one batch.
 */
export function keepOutboxPruned(outbox: Outbox, retention: () => OutboxRetention, opts: OutboxPruneOptions = {}): () => void {
  const now = opts.now ?? Date.now;
  const batch = opts.batch ?? 200;
  const pauseMs = opts.pauseMs ?? 50;
  let stopped = false;
  let next: NodeJS.Timeout | null = null; // the next batch of a sweep under way
  const cutoff = (days: number): string => new Date(now() - days * DAY_MS).toISOString();
  const attempt = <T>(fn: () => T): T | null => {
    try {
      return fn();
    } catch (err) {
      opts.onError?.(err); // a full disk or a closing database: try again next time
      return null;
    }
  };
  // One sweep at a time, with one cutoff: the hourly run does not start another while a backlog is being worked off.
  const sweep = (before: string): void => {
    next = null;
    if (stopped) return;
    const n = attempt(() => outbox.pruneActivities(before, batch));
    if (n === batch) next = setTimeout(() => sweep(before), pauseMs);
  };
  const run = (): void => {
    const r = retention();
    attempt(() => outbox.prune(cutoff(r.entries)));
    if (next === null) sweep(cutoff(r.activities));
  };
  run();
  const timer = setInterval(run, opts.everyMs ?? 3600_000);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
    if (next) clearTimeout(next);
    next = null;
  };
}
