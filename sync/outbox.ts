/**
 * The durable outbox: what the device still owes the cloud, in order. It lives in the device database
 * (table `outbox`, created by the device store's migrations) so an entry commits together with the record it
 * carries. Entries are acknowledged by the cloud bridge, never by the broker alone.
 *
 * States of an entry: pending -> delivered (ack 'stored' or 'duplicate'; its payload is cleared, the key and record id
 * stay for idempotency and order) or pending -> rejected (ack 'rejected', with the bridge's reason; nothing is dropped:
 * it waits, visible in health and the doctor, until `requeueRejected` makes it pending again after a fix).
 * Columns `rejected_at`, `reject_reason` come from the device store's migration 4.
 */
import type Database from 'better-sqlite3';
import { payloadAtRest, payloadText } from './outbox-payload.js';

export interface OutboxEntry {
  seq: number;
  idempotencyKey: string;
  kind: string;
  recordId: string;
  /** JSON, as it goes on the wire (stored compressed when that saves bytes: sync/outbox-payload.ts). */
  payload: string;
  createdAt: string;
  attempts: number;
  lastSentAt: string | null;
  deliveredAt: string | null;
  rejectedAt: string | null;
  rejectReason: string | null;
}

export interface OutboxDepth {
  pending: number;
  delivered: number;
  /** Refused by the bridge, waiting for a requeue (not delivered, not sent again until then). */
  rejected: number;
  oldestPendingAt: string | null;
}

/** A rejected entry as health, the doctor and diagnostics show it. */
export interface RejectedEntry {
  seq: number;
  idempotencyKey: string;
  recordId: string;
  rejectedAt: string;
  reason: string;
}

export type OutboxRecordState = { state: 'pending' | 'delivered' | 'rejected'; deliveredAt: string | null; reason?: string };

export interface Outbox {
  /**
   * Adds an entry; call inside the transaction that writes the record so both commit or neither does.
   * `idempotencyKey` defaults to `<kind>:<recordId>:v<version>`. An activity (kind `activity`) is a record of its own
   * with one entry: record id = activity id, version 1, key `activity:<activity id>:v1` (anything else is refused), so
   * its entry is found by its key and needs no place in the index of entries by record (migration 14).
   */
  enqueue(entry: { kind: string; recordId: string; version: number; payload: string; idempotencyKey?: string }): OutboxEntry;
  /** Undelivered entries in order, oldest first, skipping `exclude` (entries already in flight). */
  pending(limit: number, exclude?: ReadonlySet<number>): OutboxEntry[];
  /**
   * The next entries to send, oldest first, at most one per record: an entry is eligible only when no earlier
   * undelivered entry of the same record exists (in flight or not), so a later version never overtakes an earlier one.
   * A rejected entry is out of the line: later versions of its record go on (the bridge keeps the newest anyway).
   * `inFlight` maps the seq of each entry already sent and not yet acknowledged to its record id.
   */
  nextBatch(limit: number, inFlight: ReadonlyMap<number, string>): OutboxEntry[];
  markSent(seq: number): void;
  /** Counts one attempt for each entry, in one transaction (the sync calls it for resends, not first sends). */
  markSentMany(seqs: readonly number[]): void;
  /** Returns false when the key is unknown or was already delivered. */
  markDelivered(idempotencyKey: string): boolean;
  /** Marks many in one transaction; returns the keys that changed (unknown or already delivered ones are left out). */
  markDeliveredMany(idempotencyKeys: readonly string[]): string[];
  /** Marks entries the bridge refused, with its reason, in one transaction; returns the keys that changed. */
  markRejectedMany(items: readonly { idempotencyKey: string; reason: string }[]): string[];
  /** The most recent rejected entries, newest first. */
  rejected(limit: number): RejectedEntry[];
  /** Makes rejected entries pending again (all, or those whose key is listed); returns how many. */
  requeueRejected(keys?: readonly string[]): number;
  /**
   * Deletes delivered entries older than `before` (ISO), keeping each record's latest entry (its delivery state);
   * returns how many went. Pending and rejected entries are never pruned.
   */
  prune(before: string): number;
  /**
   * Deletes up to `limit` delivered activity entries delivered before `before` (ISO), oldest delivery first; returns
   * how many went (fewer than `limit`: none of that age is left). Once delivered nothing reads an activity's entry:
   * the bridge has the activity and dedupes it by its id, so one sent again later is answered 'duplicate'.
   */
  pruneActivities(before: string, limit: number): number;
  /** Delivery state of a record's latest entry. */
  stateOf(recordId: string): OutboxRecordState | null;
  /**
   * Erasure: entries not delivered yet whose record is one of `ids`, or whose payload mentions one, are dropped (the
   * tombstone tells the cloud); delivered ones (their payload already cleared) are marked erased. Returns how many
   * were dropped. Call inside the erasing transaction.
   */
  eraseMentions(ids: readonly string[]): number;
  depth(): OutboxDepth;
}

/** The kind of a CRM activity's entry: one entry per activity (see `enqueue`). */
const ACTIVITY = 'activity';

/** Longest bridge reason kept per rejected entry. */
const MAX_REASON = 500;

export function idempotencyKeyOf(kind: string, recordId: string, version: number): string {
  return `${kind}:${recordId}:v${version}`;
}

interface Row {
  seq: number;
  idempotency_key: string;
  kind: string;
  record_id: string;
  payload: string | Buffer; // TEXT or a BLOB with a format byte (sync/outbox-payload.ts)
  created_at: string;
  attempts: number;
  last_sent_at: string | null;
  delivered_at: string | null;
  rejected_at: string | null;
  reject_reason: string | null;
}

const toEntry = (r: Row): OutboxEntry => ({
  seq: r.seq,
  idempotencyKey: r.idempotency_key,
  kind: r.kind,
  recordId: r.record_id,
  payload: payloadText(r.payload),
  createdAt: r.created_at,
  attempts: r.attempts,
  lastSentAt: r.last_sent_at,
  deliveredAt: r.delivered_at,
  rejectedAt: r.rejected_at,
  rejectReason: r.reject_reason,
});

export class SqliteOutbox implements Outbox {
  private readonly insert;
  private readonly selectPending;
  private readonly selectPendingAfter;
  private readonly sent;
  private readonly delivered;
  private readonly latestOf;
  private readonly activityState;
  private readonly counts;
  private readonly rejectOne;
  private readonly selectRejected;
  private readonly requeueAll;
  private readonly requeueOne;
  private readonly pruneDelivered;
  private readonly pruneActivityBatch;
  private readonly mentionCandidates;
  private readonly dropOne;
  private readonly eraseOne;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare(`INSERT INTO outbox (idempotency_key, kind, record_id, payload, created_at) VALUES (?, ?, ?, ?, ?) RETURNING seq`);
    const pending = `delivered_at IS NULL AND rejected_at IS NULL`;
    this.selectPending = db.prepare(`SELECT * FROM outbox WHERE ${pending} ORDER BY seq LIMIT ?`);
    this.selectPendingAfter = db.prepare(`SELECT * FROM outbox WHERE ${pending} AND seq > ? ORDER BY seq LIMIT ?`);
    this.sent = db.prepare(`UPDATE outbox SET attempts = attempts + 1, last_sent_at = ? WHERE seq = ?`);
    // Delivered: the payload is no longer needed (the bridge has it); the key stays so a late duplicate is recognised.
    this.delivered = db.prepare(
      `UPDATE outbox SET delivered_at = ?, payload = '', rejected_at = NULL, reject_reason = NULL WHERE idempotency_key = ? AND delivered_at IS NULL`,
    );
    this.rejectOne = db.prepare(
      `UPDATE outbox SET rejected_at = ?, reject_reason = ? WHERE idempotency_key = ? AND delivered_at IS NULL AND rejected_at IS NULL`,
    );
    this.selectRejected = db.prepare(
      `SELECT seq, idempotency_key, record_id, rejected_at, reject_reason FROM outbox WHERE rejected_at IS NOT NULL ORDER BY rejected_at DESC, seq DESC LIMIT ?`,
    );
    this.requeueAll = db.prepare(`UPDATE outbox SET rejected_at = NULL, reject_reason = NULL WHERE rejected_at IS NOT NULL`);
    this.requeueOne = db.prepare(`UPDATE outbox SET rejected_at = NULL, reject_reason = NULL WHERE rejected_at IS NOT NULL AND idempotency_key = ?`);
    this.pruneDelivered = db.prepare(
      // An activity's entry is always its record's latest (its only one): never pruned.
      `DELETE FROM outbox WHERE delivered_at IS NOT NULL AND delivered_at < ? AND kind <> 'activity'
         AND seq <> (SELECT MAX(o2.seq) FROM outbox o2 WHERE o2.record_id = outbox.record_id AND o2.kind <> 'activity')`,
    );
    // Read from migration 16's partial index (its WHERE is this one's): the oldest deliveries first, no other entry.
    this.pruneActivityBatch = db.prepare(
      `DELETE FROM outbox WHERE seq IN (SELECT seq FROM outbox
         WHERE kind = 'activity' AND delivered_at IS NOT NULL AND delivered_at < ? ORDER BY delivered_at LIMIT ?)`,
    );
    // An entry with no payload left (delivered: cleared) can only be a contact's by its record id: only entries with a
    // payload are handed to JavaScript to be read, not every delivered activity the outbox keeps.
    this.mentionCandidates = db.prepare(
      `SELECT seq, record_id, delivered_at, payload FROM outbox WHERE length(payload) > 0 OR record_id IN (SELECT value FROM json_each(?))`,
    );
    this.dropOne = db.prepare(`DELETE FROM outbox WHERE seq = ?`);
    this.eraseOne = db.prepare(`UPDATE outbox SET payload = '{"erased":true}' WHERE seq = ?`);
    const state = `SELECT delivered_at, rejected_at, reject_reason FROM outbox`;
    // Entries by record: the index of them leaves the activities out (migration 14), each found by its key instead.
    this.latestOf = db.prepare(`${state} WHERE record_id = ? AND kind <> 'activity' ORDER BY seq DESC LIMIT 1`);
    this.activityState = db.prepare(`${state} WHERE idempotency_key = ?`);
    this.counts = db.prepare(
      `SELECT SUM(${pending}) AS pending, SUM(delivered_at IS NOT NULL) AS delivered, SUM(rejected_at IS NOT NULL AND delivered_at IS NULL) AS rejected,
              MIN(CASE WHEN ${pending} THEN created_at END) AS oldest FROM outbox`,
    );
  }

  enqueue(entry: { kind: string; recordId: string; version: number; payload: string; idempotencyKey?: string }): OutboxEntry {
    const key = entry.idempotencyKey ?? idempotencyKeyOf(entry.kind, entry.recordId, entry.version);
    if (entry.kind === ACTIVITY && (entry.version !== 1 || key !== idempotencyKeyOf(ACTIVITY, entry.recordId, 1)))
      throw new Error(
        `An activity's outbox entry is version 1 keyed activity:<activity id>:v1 (got version ${entry.version}, key ${key.slice(0, 120)}); enqueue it with enqueueActivity().`,
      );
    const createdAt = new Date().toISOString();
    const { seq } = this.insert.get(key, entry.kind, entry.recordId, payloadAtRest(entry.payload), createdAt) as { seq: number };
    return {
      seq,
      idempotencyKey: key,
      kind: entry.kind,
      recordId: entry.recordId,
      payload: entry.payload,
      createdAt,
      attempts: 0,
      lastSentAt: null,
      deliveredAt: null,
      rejectedAt: null,
      rejectReason: null,
    };
  }

  pending(limit: number, exclude: ReadonlySet<number> = new Set()): OutboxEntry[] {
    // Over-fetch by the excluded count so exclusion never starves the window.
    const rows = this.selectPending.all(limit + exclude.size) as Row[];
    return rows
      .filter((r) => !exclude.has(r.seq))
      .slice(0, limit)
      .map(toEntry);
  }

  nextBatch(limit: number, inFlight: ReadonlyMap<number, string>): OutboxEntry[] {
    if (limit <= 0) return [];
    const blocked = new Set(inFlight.values());
    const out: OutboxEntry[] = [];
    // Scan in pages: many queued versions of one record must not starve the window of other records.
    let after = 0;
    const page = Math.max(64, (limit + inFlight.size) * 2);
    for (;;) {
      const rows = this.selectPendingAfter.all(after, page) as Row[];
      for (const r of rows) {
        if (inFlight.has(r.seq)) continue;
        if (blocked.has(r.record_id)) continue;
        blocked.add(r.record_id);
        out.push(toEntry(r));
        if (out.length >= limit) return out;
      }
      if (rows.length < page) return out;
      after = rows.at(-1)!.seq;
    }
  }

  markSent(seq: number): void {
    this.sent.run(new Date().toISOString(), seq);
  }

  markSentMany(seqs: readonly number[]): void {
    if (!seqs.length) return;
    const at = new Date().toISOString();
    this.db.transaction(() => {
      for (const s of seqs) this.sent.run(at, s);
    })();
  }

  markDelivered(idempotencyKey: string): boolean {
    return this.delivered.run(new Date().toISOString(), idempotencyKey).changes > 0;
  }

  markDeliveredMany(idempotencyKeys: readonly string[]): string[] {
    if (!idempotencyKeys.length) return [];
    const at = new Date().toISOString();
    // A delivered mark lost to a power cut only means the entry is sent again, and the bridge dedupes it: commit
    // without the fsync (WAL, synchronous=NORMAL still survives a crash of the process). The next FULL commit
    // (any contact write) makes it durable too. Restored at once: other writes keep full fsync.
    const previous = this.db.pragma('synchronous', { simple: true }) as number;
    this.db.pragma('synchronous = NORMAL');
    try {
      return this.db.transaction(() => idempotencyKeys.filter((k) => this.delivered.run(at, k).changes > 0))();
    } finally {
      this.db.pragma(`synchronous = ${Number(previous)}`);
    }
  }

  markRejectedMany(items: readonly { idempotencyKey: string; reason: string }[]): string[] {
    if (!items.length) return [];
    const at = new Date().toISOString();
    return this.db.transaction(() =>
      items
        .filter((i) => this.rejectOne.run(at, (i.reason || 'no reason given').slice(0, MAX_REASON), i.idempotencyKey).changes > 0)
        .map((i) => i.idempotencyKey),
    )();
  }

  rejected(limit: number): RejectedEntry[] {
    const rows = this.selectRejected.all(limit) as {
      seq: number;
      idempotency_key: string;
      record_id: string;
      rejected_at: string;
      reject_reason: string | null;
    }[];
    return rows.map((r) => ({
      seq: r.seq,
      idempotencyKey: r.idempotency_key,
      recordId: r.record_id,
      rejectedAt: r.rejected_at,
      reason: r.reject_reason ?? '',
    }));
  }

  requeueRejected(keys?: readonly string[]): number {
    if (!keys) return this.requeueAll.run().changes;
    return this.db.transaction(() => keys.reduce((n, k) => n + this.requeueOne.run(k).changes, 0))();
  }

  prune(before: string): number {
    return this.pruneDelivered.run(before).changes;
  }

  pruneActivities(before: string, limit: number): number {
    const n = Math.max(Math.trunc(limit), 0);
    if (!n) return 0;
    // Like a delivered mark, a prune lost to a power cut is only done again: no fsync to wait for on the runtime's
    // thread (WAL with synchronous=NORMAL survives a crash of the process). Restored at once for other writes.
    const previous = this.db.pragma('synchronous', { simple: true }) as number;
    this.db.pragma('synchronous = NORMAL');
    try {
      return this.pruneActivityBatch.run(before, n).changes;
    } finally {
      this.db.pragma(`synchronous = ${Number(previous)}`);
    }
  }

  stateOf(recordId: string): OutboxRecordState | null {
    type State = { delivered_at: string | null; rejected_at: string | null; reject_reason: string | null };
    const row = (this.latestOf.get(recordId) ?? this.activityState.get(idempotencyKeyOf(ACTIVITY, recordId, 1))) as State | undefined;
    if (!row) return null;
    if (row.delivered_at) return { state: 'delivered', deliveredAt: row.delivered_at };
    if (row.rejected_at) return { state: 'rejected', deliveredAt: null, reason: row.reject_reason ?? '' };
    return { state: 'pending', deliveredAt: null };
  }

  eraseMentions(ids: readonly string[]): number {
    const wanted = ids.filter((id) => id !== ''); // '' is in every text
    if (!wanted.length) return 0;
    // Payloads may be compressed (no SQL text search sees into them): each is read as its JSON text here. Collected
    // first, changed after, so the scan never meets its own writes.
    const hits: { seq: number; delivered: boolean }[] = [];
    for (const r of this.mentionCandidates.iterate(JSON.stringify(wanted)) as Iterable<Pick<Row, 'seq' | 'record_id' | 'delivered_at' | 'payload'>>) {
      const text = r.payload.length ? payloadText(r.payload) : '';
      if (wanted.includes(r.record_id) || wanted.some((id) => text.includes(id))) hits.push({ seq: r.seq, delivered: r.delivered_at !== null });
    }
    let dropped = 0;
    for (const h of hits) {
      if (h.delivered) this.eraseOne.run(h.seq);
      else dropped += this.dropOne.run(h.seq).changes;
    }
    return dropped;
  }

  depth(): OutboxDepth {
    const r = this.counts.get() as { pending: number | null; delivered: number | null; rejected: number | null; oldest: string | null };
    return { pending: r.pending ?? 0, delivered: r.delivered ?? 0, rejected: r.rejected ?? 0, oldestPendingAt: r.oldest };
  }
}
