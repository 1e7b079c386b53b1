/**
 * The durable outbox: what the device still owes the cloud, in order. It lives in the device database
 * (table `outbox`, created by the device store's migrations) so an entry commits together with the record it
 * carries. Entries are acknowledged by the cloud bridge, never by the broker alone.
 */
import type Database from 'better-sqlite3';

export interface OutboxEntry {
  seq: number;
  idempotencyKey: string;
  kind: string;
  recordId: string;
  payload: string; // JSON
  createdAt: string;
  attempts: number;
  lastSentAt: string | null;
  deliveredAt: string | null;
}

export interface OutboxDepth {
  pending: number;
  delivered: number;
  oldestPendingAt: string | null;
}

export interface Outbox {
  /** Adds an entry; call inside the transaction that writes the record so both commit or neither does. */
  enqueue(entry: { kind: string; recordId: string; version: number; payload: string }): OutboxEntry;
  /** Undelivered entries in order, oldest first, skipping `exclude` (entries already in flight). */
  pending(limit: number, exclude?: ReadonlySet<number>): OutboxEntry[];
  markSent(seq: number): void;
  /** Returns false when the key is unknown or was already delivered. */
  markDelivered(idempotencyKey: string): boolean;
  /** Delivery state of a record's latest entry. */
  stateOf(recordId: string): { state: 'pending' | 'delivered'; deliveredAt: string | null } | null;
  depth(): OutboxDepth;
}

export function idempotencyKeyOf(kind: string, recordId: string, version: number): string {
  return `${kind}:${recordId}:v${version}`;
}

interface Row {
  seq: number;
  idempotency_key: string;
  kind: string;
  record_id: string;
  payload: string;
  created_at: string;
  attempts: number;
  last_sent_at: string | null;
  delivered_at: string | null;
}

const toEntry = (r: Row): OutboxEntry => ({
  seq: r.seq,
  idempotencyKey: r.idempotency_key,
  kind: r.kind,
  recordId: r.record_id,
  payload: r.payload,
  createdAt: r.created_at,
  attempts: r.attempts,
  lastSentAt: r.last_sent_at,
  deliveredAt: r.delivered_at,
});

export class SqliteOutbox implements Outbox {
  private readonly insert;
  private readonly selectPending;
  private readonly sent;
  private readonly delivered;
  private readonly latestOf;
  private readonly counts;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare(
      `INSERT INTO outbox (idempotency_key, kind, record_id, payload, created_at) VALUES (?, ?, ?, ?, ?) RETURNING *`,
    );
    this.selectPending = db.prepare(`SELECT * FROM outbox WHERE delivered_at IS NULL ORDER BY seq LIMIT ?`);
    this.sent = db.prepare(`UPDATE outbox SET attempts = attempts + 1, last_sent_at = ? WHERE seq = ?`);
    this.delivered = db.prepare(`UPDATE outbox SET delivered_at = ? WHERE idempotency_key = ? AND delivered_at IS NULL`);
    this.latestOf = db.prepare(`SELECT delivered_at FROM outbox WHERE record_id = ? ORDER BY seq DESC LIMIT 1`);
    this.counts = db.prepare(
      `SELECT SUM(delivered_at IS NULL) AS pending, SUM(delivered_at IS NOT NULL) AS delivered,
              MIN(CASE WHEN delivered_at IS NULL THEN created_at END) AS oldest FROM outbox`,
    );
  }

  enqueue(entry: { kind: string; recordId: string; version: number; payload: string }): OutboxEntry {
    const key = idempotencyKeyOf(entry.kind, entry.recordId, entry.version);
    return toEntry(this.insert.get(key, entry.kind, entry.recordId, entry.payload, new Date().toISOString()) as Row);
  }

  pending(limit: number, exclude: ReadonlySet<number> = new Set()): OutboxEntry[] {
    // Over-fetch by the excluded count so exclusion never starves the window.
    const rows = this.selectPending.all(limit + exclude.size) as Row[];
    return rows.filter((r) => !exclude.has(r.seq)).slice(0, limit).map(toEntry);
  }

  markSent(seq: number): void {
    this.sent.run(new Date().toISOString(), seq);
  }

  markDelivered(idempotencyKey: string): boolean {
    return this.delivered.run(new Date().toISOString(), idempotencyKey).changes > 0;
  }

  stateOf(recordId: string): { state: 'pending' | 'delivered'; deliveredAt: string | null } | null {
    const row = this.latestOf.get(recordId) as { delivered_at: string | null } | undefined;
    if (!row) return null;
    return { state: row.delivered_at ? 'delivered' : 'pending', deliveredAt: row.delivered_at };
  }

  depth(): OutboxDepth {
    const r = this.counts.get() as { pending: number | null; delivered: number | null; oldest: string | null };
    return { pending: r.pending ?? 0, delivered: r.delivered ?? 0, oldestPendingAt: r.oldest };
  }
}
