/** A bridge store on SQLite, for the embedded defaults (a single device, no cloud database). */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ContactUpsert } from '../payloads.js';
import type { BridgeStore, UpsertOutcome } from './store.js';

export class SqliteBridgeStore implements BridgeStore {
  private readonly db: Database.Database;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS processed (idempotency_key TEXT PRIMARY KEY, processed_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS crm_contacts (
        device_id TEXT NOT NULL, contact_id TEXT NOT NULL, version INTEGER NOT NULL, record TEXT NOT NULL,
        updated_at TEXT NOT NULL, PRIMARY KEY (device_id, contact_id));
      CREATE TABLE IF NOT EXISTS dead_letters (id INTEGER PRIMARY KEY, topic TEXT NOT NULL, payload TEXT NOT NULL,
        reason TEXT NOT NULL, at TEXT NOT NULL);
    `);
  }

  async upsertContact(msg: ContactUpsert): Promise<UpsertOutcome> {
    const now = new Date().toISOString();
    return this.db.transaction((): UpsertOutcome => {
      const seen = this.db.prepare(`INSERT OR IGNORE INTO processed VALUES (?, ?)`).run(msg.idempotencyKey, now);
      if (seen.changes === 0) return 'duplicate';
      const res = this.db
        .prepare(
          `INSERT INTO crm_contacts (device_id, contact_id, version, record, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (device_id, contact_id) DO UPDATE SET version = excluded.version, record = excluded.record,
             updated_at = excluded.updated_at WHERE excluded.version > crm_contacts.version`,
        )
        .run(msg.deviceId, msg.contact.id, msg.contact.version, JSON.stringify(msg.contact), now);
      return res.changes > 0 ? 'stored' : 'stale';
    })();
  }

  async deadLetter(topic: string, payload: string, reason: string): Promise<void> {
    this.db.prepare(`INSERT INTO dead_letters (topic, payload, reason, at) VALUES (?, ?, ?, ?)`).run(topic, payload.slice(0, 65536), reason, new Date().toISOString());
  }

  /** For tests and the embedded staff view: what the "cloud" holds. */
  contacts(): { deviceId: string; contactId: string; version: number }[] {
    return (this.db.prepare(`SELECT device_id, contact_id, version FROM crm_contacts ORDER BY updated_at`).all() as { device_id: string; contact_id: string; version: number }[]).map(
      (r) => ({ deviceId: r.device_id, contactId: r.contact_id, version: r.version }),
    );
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
