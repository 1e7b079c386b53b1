import Database from 'better-sqlite3';
import { outboxContract } from '../test/support/contracts/outbox.js';
import { SqliteOutbox } from './outbox.js';

// The table as the device store's migrations create it (sync/ does not import device/).
function sqliteOutbox(): SqliteOutbox {
  const db = new Database(':memory:');
  db.exec(`CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, idempotency_key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
    record_id TEXT NOT NULL, payload TEXT NOT NULL, created_at TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
    last_sent_at TEXT, delivered_at TEXT)`);
  return new SqliteOutbox(db);
}

outboxContract('SqliteOutbox', sqliteOutbox);
