/**
 * A bridge store on SQLite, for the embedded defaults (a single device, no cloud database). Same contract as Postgres
 * (sync/bridge/store.ts); one connection, so every batch is applied alone and tombstones need no extra locking.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { SyncError } from '../errors.js';
import { activitySchema, contactRecordSchema, type ActivityMessage, type ContactUpsert, type DesiredConfig } from '../payloads.js';
import type { BridgeStore, BridgeWrite, CrmContact, DeadLetterRow, DeviceRow, StoredActivity, TombstoneRow, UpsertOutcome } from './store.js';

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
      CREATE TABLE IF NOT EXISTS crm_activities (device_id TEXT NOT NULL, activity_id TEXT NOT NULL, contact_id TEXT NOT NULL,
        type TEXT NOT NULL, at TEXT NOT NULL, body TEXT NOT NULL, stored_at TEXT NOT NULL, PRIMARY KEY (device_id, activity_id));
      CREATE INDEX IF NOT EXISTS crm_activities_contact ON crm_activities (device_id, contact_id, at, activity_id);
      CREATE TABLE IF NOT EXISTS crm_tombstones (device_id TEXT NOT NULL, contact_id TEXT NOT NULL, at TEXT NOT NULL,
        activity_id TEXT NOT NULL, reason TEXT NOT NULL, stored_at TEXT NOT NULL, PRIMARY KEY (device_id, contact_id));
      CREATE TABLE IF NOT EXISTS crm_merges (device_id TEXT NOT NULL, absorbed_id TEXT NOT NULL, survivor_id TEXT NOT NULL,
        activity_id TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (device_id, absorbed_id));
      CREATE INDEX IF NOT EXISTS crm_merges_survivor ON crm_merges (device_id, survivor_id);
    `);
    // Erasure overwrites what it deletes (a file copied off the server keeps no erased contact in free pages).
    this.db.pragma('secure_delete = ON');
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
        // Erased, or absorbed by a merge: an upsert arriving now (late, or redelivered) must not bring it back.
        if (this.tombstoned(msg.deviceId, msg.contact.id) || this.survivorOf(msg.deviceId, msg.contact.id) !== null) return 'stale';
        // Keys are per device (two devices may hold the same contact id).
        const seen = this.db.prepare(`INSERT OR IGNORE INTO processed VALUES (?, ?)`).run(`${msg.deviceId}/${msg.idempotencyKey}`, now);
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
        if (w.msg.event.contactId !== null && this.tombstoned(w.msg.deviceId, w.msg.event.contactId)) return 'duplicate';
        return this.db.prepare(`INSERT OR IGNORE INTO crm_events VALUES (?, ?, ?)`).run(w.msg.idempotencyKey, w.msg.deviceId, JSON.stringify(w.msg.event))
          .changes
          ? 'stored'
          : 'duplicate';
      case 'activity':
        return this.applyActivity(w.msg, now);
      case 'task':
        if (w.msg.task.contactId !== null && this.tombstoned(w.msg.deviceId, w.msg.task.contactId)) return 'duplicate';
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

  private tombstoned(deviceId: string, contactId: string): boolean {
    return this.db.prepare(`SELECT 1 FROM crm_tombstones WHERE device_id = ? AND contact_id = ?`).get(deviceId, contactId) !== undefined;
  }

  /** The contact that absorbed this one (merges are kept flat: always the final survivor), or null. */
  private survivorOf(deviceId: string, contactId: string): string | null {
    const r = this.db.prepare(`SELECT survivor_id AS s FROM crm_merges WHERE device_id = ? AND absorbed_id = ?`).get(deviceId, contactId) as
      { s: string } | undefined;
    return r?.s ?? null;
  }

  private applyActivity(msg: ActivityMessage, now: string): UpsertOutcome {
    const { deviceId } = msg;
    const a = msg.activity;
    const known = this.db.prepare(`SELECT 1 FROM crm_activities WHERE device_id = ? AND activity_id = ?`).get(deviceId, a.id) !== undefined;
    if (known) return 'duplicate';
    if (a.type === 'erasure') {
      if (this.tombstoned(deviceId, a.contactId)) return 'duplicate';
      this.erase(deviceId, a.contactId, { at: iso(a.at), activityId: a.id, reason: a.data.reason }, now);
      return 'stored';
    }
    const target = this.survivorOf(deviceId, a.contactId) ?? a.contactId;
    if (a.type === 'merge') {
      const absorbed = a.data.from;
      if (this.tombstoned(deviceId, target)) {
        // The survivor was erased before this merge arrived: the absorbed story was part of what was erased.
        if (this.tombstoned(deviceId, absorbed)) return 'duplicate';
        this.erase(deviceId, absorbed, { at: iso(a.at), activityId: a.id, reason: 'merged-into-erased' }, now);
        return 'stored';
      }
      if (absorbed !== target && !this.tombstoned(deviceId, absorbed)) {
        this.db.prepare(`INSERT OR IGNORE INTO crm_merges VALUES (?, ?, ?, ?, ?)`).run(deviceId, absorbed, target, a.id, iso(a.at));
        // Flat: whatever the absorbed one had absorbed now belongs to the survivor.
        this.db.prepare(`UPDATE crm_merges SET survivor_id = ? WHERE device_id = ? AND survivor_id = ?`).run(target, deviceId, absorbed);
        this.db.prepare(`UPDATE crm_activities SET contact_id = ? WHERE device_id = ? AND contact_id = ?`).run(target, deviceId, absorbed);
        this.db.prepare(`DELETE FROM crm_contacts WHERE device_id = ? AND contact_id = ?`).run(deviceId, absorbed);
      }
    } else if (this.tombstoned(deviceId, a.contactId) || this.tombstoned(deviceId, target)) return 'duplicate';
    this.db.prepare(`INSERT INTO crm_activities VALUES (?, ?, ?, ?, ?, ?, ?)`).run(deviceId, a.id, target, a.type, iso(a.at), JSON.stringify(a), now);
    return 'stored';
  }

  /** Deletes everything about a contact (and the contacts it absorbed) and leaves a tombstone for each. */
  private erase(deviceId: string, contactId: string, t: { at: string; activityId: string; reason: string }, now: string): void {
    const absorbed = this.db.prepare(`SELECT absorbed_id FROM crm_merges WHERE device_id = ? AND survivor_id = ?`).pluck().all(deviceId, contactId) as string[];
    for (const id of [contactId, ...absorbed]) {
      this.db.prepare(`INSERT OR IGNORE INTO crm_tombstones VALUES (?, ?, ?, ?, ?, ?)`).run(deviceId, id, t.at, t.activityId, t.reason, now);
      this.db.prepare(`DELETE FROM crm_contacts WHERE device_id = ? AND contact_id = ?`).run(deviceId, id);
      this.db.prepare(`DELETE FROM crm_activities WHERE device_id = ? AND contact_id = ?`).run(deviceId, id);
      this.db.prepare(`DELETE FROM crm_events WHERE device_id = ? AND json_extract(body, '$.contactId') = ?`).run(deviceId, id);
      this.db.prepare(`DELETE FROM crm_tasks WHERE device_id = ? AND json_extract(record, '$.contactId') = ?`).run(deviceId, id);
      // A refused message about the contact may hold its details too.
      this.db.prepare(`DELETE FROM dead_letters WHERE instr(payload, ?) > 0`).run(id);
      this.db.prepare(`DELETE FROM crm_merges WHERE device_id = ? AND (survivor_id = ? OR absorbed_id = ?)`).run(deviceId, id, id);
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
    const rows = this.db
      .prepare(
        `SELECT c.device_id, c.record, (SELECT max(a.at) FROM crm_activities a WHERE a.device_id = c.device_id AND a.contact_id = c.contact_id
           AND a.type = 'visit') AS last_visit_at
         FROM crm_contacts c ORDER BY c.updated_at`,
      )
      .all() as { device_id: string; record: string; last_visit_at: string | null }[];
    return rows.map((r) => ({ deviceId: r.device_id, contact: contactRecordSchema.parse(JSON.parse(r.record)), lastVisitAt: r.last_visit_at }));
  }

  async listActivities(filter: { deviceId?: string; contactId?: string } = {}): Promise<StoredActivity[]> {
    const rows = this.db
      .prepare(
        `SELECT device_id, contact_id, body FROM crm_activities WHERE (@d IS NULL OR device_id = @d) AND (@c IS NULL OR contact_id = @c)
         ORDER BY at, activity_id`,
      )
      .all({ d: filter.deviceId ?? null, c: filter.contactId ?? null }) as { device_id: string; contact_id: string; body: string }[];
    return rows.map((r) => ({ deviceId: r.device_id, contactId: r.contact_id, activity: activitySchema.parse(JSON.parse(r.body)) }));
  }

  async tombstones(): Promise<TombstoneRow[]> {
    const rows = this.db.prepare(`SELECT device_id, contact_id, at, activity_id, reason FROM crm_tombstones ORDER BY stored_at, contact_id`).all() as {
      device_id: string;
      contact_id: string;
      at: string;
      activity_id: string;
      reason: string;
    }[];
    return rows.map((r) => ({ deviceId: r.device_id, contactId: r.contact_id, at: r.at, activityId: r.activity_id, reason: r.reason }));
  }

  async deadLetters(): Promise<DeadLetterRow[]> {
    return this.db.prepare(`SELECT topic, reason, at FROM dead_letters ORDER BY id`).all() as DeadLetterRow[];
  }

  /** Read-only SQL for tests and diagnostics (parameterized). */
  query<R>(sql: string, params: unknown[] = []): R[] {
    return this.db.prepare(sql).all(...params) as R[];
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

/** One spelling of an instant, so text order is time order ('+02:00' and 'Z' offsets alike). */
function iso(at: string): string {
  return new Date(at).toISOString();
}
