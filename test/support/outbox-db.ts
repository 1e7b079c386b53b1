/**
 * An in-memory outbox table with the activity index, as the device store's migrations (4, 16) create them, for the
 * tests of sync/ (which does not import device/).
 */
import Database from 'better-sqlite3';
import { SqliteOutbox } from '../../sync/outbox.js';

export function outboxDb(): { db: Database.Database; outbox: SqliteOutbox } {
  const db = new Database(':memory:');
  db.exec(`CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, idempotency_key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
    record_id TEXT NOT NULL, payload TEXT NOT NULL, created_at TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
    last_sent_at TEXT, delivered_at TEXT, rejected_at TEXT, reject_reason TEXT);
    CREATE INDEX outbox_activity_delivered ON outbox(delivered_at) WHERE kind = 'activity' AND delivered_at IS NOT NULL`);
  return { db, outbox: new SqliteOutbox(db) };
}
