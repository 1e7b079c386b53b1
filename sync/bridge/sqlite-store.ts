/** A bridge store on SQLite, for the embedded defaults (a single device, no cloud database). Same contract as Postgres. */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { SyncError } from '../errors.js';
import { contactRecordSchema, type ContactUpsert, type DesiredConfig } from '../payloads.js';
import type { BridgeStore, BridgeWrite, CrmContact, DeadLetterRow, DeviceRow, UpsertOutcome } from './store.js';

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
      CREATE TABLE IF NOT EXISTS crm_events (idempotency_key TEXT PRIMARY KEY, device_id TEXT NOT NULL, body TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS crm_tasks (device_id TEXT NOT NULL, task_id TEXT NOT NULL, version INTEGER NOT NULL,
        record TEXT NOT NULL, PRIMARY KEY (device_id, task_id));
      CREATE TABLE IF NOT EXISTS devices (device_id TEXT PRIMARY KEY, online INTEGER, status_at TEXT, last_seen_at TEXT,
        telemetry TEXT, reported_version INTEGER, reported TEXT, desired_version INTEGER, desired TEXT);
    `);
  }

  async applyBatch(writes: readonly BridgeWrite[]): Promise<UpsertOutcome[]> {
    try {
      return this.db.transaction(() => writes.map((w) => this.apply(w)))();
    } catch (err) {
      if (/constraint|datatype/i.test((err as Error).message))
        throw new SyncError('sync_bad_record', `the CRM database refused the record: ${(err as Error).message}`, { cause: err });
      throw err;
    }
  }

  private apply(w: BridgeWrite): UpsertOutcome {
    const now = new Date().toISOString();
    const device = (id: string): void => void this.db.prepare(`INSERT OR IGNORE INTO devices (device_id) VALUES (?)`).run(id);
    switch (w.kind) {
      case 'contact': {
        const { msg } = w;
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
      }
      case 'event':
        return this.db.prepare(`INSERT OR IGNORE INTO crm_events VALUES (?, ?, ?)`).run(w.msg.idempotencyKey, w.msg.deviceId, JSON.stringify(w.msg.event))
          .changes
          ? 'stored'
          : 'duplicate';
      case 'task':
        return this.db
          .prepare(
            `INSERT INTO crm_tasks VALUES (?, ?, ?, ?) ON CONFLICT (device_id, task_id) DO UPDATE SET version = excluded.version,
             record = excluded.record WHERE excluded.version > crm_tasks.version`,
          )
          .run(w.msg.deviceId, w.msg.task.id, w.msg.task.version, JSON.stringify(w.msg.task)).changes
          ? 'stored'
          : 'duplicate';
      case 'status':
        device(w.deviceId);
        this.db
          .prepare(`UPDATE devices SET online = ?, status_at = ?, last_seen_at = ? WHERE device_id = ?`)
          .run(w.status === 'online' ? 1 : 0, w.at, w.at, w.deviceId);
        return 'stored';
      case 'telemetry':
        device(w.msg.deviceId);
        this.db.prepare(`UPDATE devices SET online = 1, last_seen_at = ?, telemetry = ? WHERE device_id = ?`).run(now, JSON.stringify(w.msg), w.msg.deviceId);
        return 'stored';
      case 'reported':
        device(w.msg.deviceId);
        this.db.prepare(`UPDATE devices SET reported_version = ?, reported = ? WHERE device_id = ?`).run(w.msg.version, JSON.stringify(w.msg), w.msg.deviceId);
        return 'stored';
      case 'command-result':
        return 'stored';
      case 'dead-letter':
        this.db.prepare(`INSERT INTO dead_letters (topic, payload, reason, at) VALUES (?, ?, ?, ?)`).run(w.topic, w.payload.slice(0, 65536), w.reason, now);
        return 'stored';
    }
  }

  async upsertContact(msg: ContactUpsert): Promise<UpsertOutcome> {
    return (await this.applyBatch([{ kind: 'contact', msg }]))[0]!;
  }

  async deadLetter(topic: string, payload: string, reason: string): Promise<void> {
    await this.applyBatch([{ kind: 'dead-letter', topic, payload, reason }]);
  }

  async recordDesired(deviceId: string, desired: DesiredConfig): Promise<void> {
    this.db.prepare(`INSERT OR IGNORE INTO devices (device_id) VALUES (?)`).run(deviceId);
    this.db.prepare(`UPDATE devices SET desired_version = ?, desired = ? WHERE device_id = ?`).run(desired.version, JSON.stringify(desired), deviceId);
  }

  async desiredVersion(deviceId: string): Promise<number> {
    return (this.db.prepare(`SELECT desired_version AS v FROM devices WHERE device_id = ?`).get(deviceId) as { v: number | null } | undefined)?.v ?? 0;
  }

  async devices(): Promise<DeviceRow[]> {
    const rows = this.db.prepare(`SELECT * FROM devices ORDER BY device_id`).all() as {
      device_id: string;
      online: number | null;
      status_at: string | null;
      last_seen_at: string | null;
      telemetry: string | null;
      reported_version: number | null;
      reported: string | null;
      desired_version: number | null;
    }[];
    return rows.map((d) => {
      const t = d.telemetry ? (JSON.parse(d.telemetry) as { outbox?: { pending?: number; oldestPendingAt?: string | null } }) : null;
      const r = d.reported ? (JSON.parse(d.reported) as { last?: { status?: string; reason?: string | null } }) : null;
      return {
        deviceId: d.device_id,
        online: d.online === null ? null : d.online === 1,
        statusAt: d.status_at,
        lastSeenAt: d.last_seen_at,
        outboxPending: t?.outbox?.pending ?? null,
        oldestPendingAt: t?.outbox?.oldestPendingAt ?? null,
        reportedVersion: d.reported_version,
        reportedStatus: r?.last?.status ?? null,
        reportedReason: r?.last?.reason ?? null,
        desiredVersion: d.desired_version,
      };
    });
  }

  async listContacts(): Promise<CrmContact[]> {
    const rows = this.db.prepare(`SELECT device_id, record FROM crm_contacts ORDER BY updated_at`).all() as { device_id: string; record: string }[];
    return rows.map((r) => ({ deviceId: r.device_id, contact: contactRecordSchema.parse(JSON.parse(r.record)) }));
  }

  async deadLetters(): Promise<DeadLetterRow[]> {
    return this.db.prepare(`SELECT topic, reason, at FROM dead_letters ORDER BY id`).all() as DeadLetterRow[];
  }

  /** For tests and the embedded staff view: what the "cloud" holds. */
  contacts(): { deviceId: string; contactId: string; version: number }[] {
    return (
      this.db.prepare(`SELECT device_id, contact_id, version FROM crm_contacts ORDER BY updated_at`).all() as {
        device_id: string;
        contact_id: string;
        version: number;
      }[]
    ).map((r) => ({ deviceId: r.device_id, contactId: r.contact_id, version: r.version }));
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
