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

/** Prunes delivered entries older than the retention now and then every `everyMs`; returns a stop function. */
export function keepOutboxPruned(
  outbox: Outbox,
  retentionDays: () => number,
  opts: { everyMs?: number; now?: () => number; onError?: (err: unknown) => void } = {},
): () => void {
  const now = opts.now ?? Date.now;
  const run = (): void => {
    try {
      outbox.prune(new Date(now() - retentionDays() * DAY_MS).toISOString());
    } catch (err) {
      opts.onError?.(err); // a full disk or a closing database: try again next time
    }
  };
  run();
  const timer = setInterval(run, opts.everyMs ?? 3600_000);
  timer.unref();
  return () => clearInterval(timer);
}
