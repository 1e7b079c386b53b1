/**
 * Where the device keeps the downlink config it applied, so it survives a restart. Table `remote_config` (device
 * database, created by the device store's migration 2) holds one row.
 */
import type Database from 'better-sqlite3';
import { remoteConfigSchema, type RemoteConfig } from './schemas/config.js';

export interface AppliedConfig {
  version: number;
  config: RemoteConfig;
  appliedAt: string;
}

export interface RemoteConfigStore {
  /** The applied downlink config, or null when none was ever applied. */
  current(): AppliedConfig | null;
  /** Replaces the applied config atomically. */
  save(applied: AppliedConfig): void;
  /** Puts back what `current()` returned before (null: none). */
  restore(previous: AppliedConfig | null): void;
}

export class SqliteRemoteConfigStore implements RemoteConfigStore {
  constructor(private readonly db: Database.Database) {}

  current(): AppliedConfig | null {
    const row = this.db.prepare(`SELECT version, config, applied_at FROM remote_config WHERE id = 1`).get() as
      { version: number; config: string; applied_at: string } | undefined;
    if (!row) return null;
    // Stored only after validation; parse again so a hand-edited row can never reach the runtime unchecked.
    const parsed = remoteConfigSchema.safeParse(JSON.parse(row.config));
    return parsed.success ? { version: row.version, config: parsed.data, appliedAt: row.applied_at } : null;
  }

  save(applied: AppliedConfig): void {
    this.db
      .prepare(
        `INSERT INTO remote_config (id, version, config, applied_at) VALUES (1, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET version = excluded.version, config = excluded.config, applied_at = excluded.applied_at`,
      )
      .run(applied.version, JSON.stringify(applied.config), applied.appliedAt);
  }

  restore(previous: AppliedConfig | null): void {
    if (previous) this.save(previous);
    else this.db.prepare(`DELETE FROM remote_config WHERE id = 1`).run();
  }
}

/** An in-memory store, for tests and for runtimes without a database. */
export class MemoryRemoteConfigStore implements RemoteConfigStore {
  private value: AppliedConfig | null = null;
  current(): AppliedConfig | null {
    return this.value;
  }
  save(applied: AppliedConfig): void {
    this.value = structuredClone(applied);
  }
  restore(previous: AppliedConfig | null): void {
    this.value = previous;
  }
}
