import Database from 'better-sqlite3';
import { dirname } from 'node:path';
import { privateDir, privateFile, withPrivateUmask } from './file-modes.js';
import { MIGRATIONS, type Migration } from './migrations.js';
import { CodedError } from '../../base/errors.js';

export type Db = Database.Database;

export class StoreError extends CodedError<'store_open_failed' | 'store_newer_schema' | 'store_migration_failed'> {}

/**
 * Opens (creating if needed) the device database in WAL mode with full fsync on commit: a lead confirmed on screen
 * survives a power cut. Applies pending migrations, each in its own transaction.
 */
export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  let db: Db;
  try {
    if (file !== ':memory:') privateDir(dirname(file));
    // Personal data: 0600 from the first byte; SQLite gives the -wal and -shm files the database's mode.
    db = withPrivateUmask(() => new Database(file));
    if (file !== ':memory:') for (const f of [file, `${file}-wal`, `${file}-shm`]) privateFile(f);
  } catch (err) {
    throw new StoreError(
      'store_open_failed',
      `Cannot open the database at ${file}: ${(err as Error).message}. Check the data directory exists and is writable.`,
      { cause: err },
    );
  }
  withPrivateUmask(() => db.pragma('journal_mode = WAL'));
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, migrations);
  return db;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function migrate(db: Db, migrations: readonly Migration[]): void {
  const current = schemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest)
    throw new StoreError(
      'store_newer_schema',
      `The database schema is version ${current} but this build knows up to ${latest}. Run a newer Frontdesk, or restore a backup.`,
    );
  for (const m of migrations) {
    if (m.version <= current) continue;
    try {
      // Under the write lock, the version read again: another process opening the database at the same time may
      // have applied this migration while this one waited.
      db.transaction(() => {
        if (schemaVersion(db) >= m.version) return;
        db.exec(m.sql);
        m.run?.(db);
        db.pragma(`user_version = ${m.version}`);
      }).immediate();
    } catch (err) {
      throw new StoreError('store_migration_failed', `Migration ${m.version} (${m.name}) failed: ${(err as Error).message}`, { cause: err });
    }
  }
}

/** `PRAGMA integrity_check` and the foreign key check; returns the problems found (empty when healthy). */
export function checkIntegrity(db: Db): string[] {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
  const fk = db.pragma('foreign_key_check') as unknown[];
  if (fk.length) problems.push(`${fk.length} rows break foreign keys`);
  return problems;
}
