import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Statement } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteOutbox } from '../../sync/outbox.js';
import { activityMessage } from '../../sync/schemas/activity.js';
import { enqueueActivity } from '../../sync/uplink.js';
import { crmOnDb } from '../../test/support/crm-on-db.js';
import { activity, january, kioskVisit, queryPlan, STAFF } from '../../test/support/migration-stories.js';
import { walPagesPer } from '../../test/support/wal-pages.js';
import { checkIntegrity, openDatabase, schemaVersion, type Db } from './database.js';
import { MIGRATIONS } from './migrations.js';

type State = ReturnType<SqliteOutbox['stateOf']>;

/** The outbox's reads as they were before migration 14: a record's latest entry, and what prune deletes. */
function before(db: Db, cutoff: string) {
  const latest = db.prepare(`SELECT delivered_at, rejected_at, reject_reason FROM outbox WHERE record_id = ? ORDER BY seq DESC LIMIT 1`);
  const records = db.prepare(`SELECT DISTINCT record_id FROM outbox ORDER BY record_id`).pluck().all() as string[];
  const states = new Map<string, State>(
    records.map((r) => {
      const row = latest.get(r) as { delivered_at: string | null; rejected_at: string | null; reject_reason: string | null };
      const state: State = row.delivered_at
        ? { state: 'delivered', deliveredAt: row.delivered_at }
        : row.rejected_at
          ? { state: 'rejected', deliveredAt: null, reason: row.reject_reason ?? '' }
          : { state: 'pending', deliveredAt: null };
      return [r, state];
    }),
  );
  const pruned = db
    .prepare(
      `SELECT seq FROM outbox WHERE delivered_at IS NOT NULL AND delivered_at < ?
         AND seq <> (SELECT MAX(o2.seq) FROM outbox o2 WHERE o2.record_id = outbox.record_id) ORDER BY seq`,
    )
    .pluck()
    .all(cutoff) as number[];
  return { records, states, pruned };
}

describe('migration 14 (the outbox: payloads compressed at rest, entries by record without the activities)', () => {
  it('on a database with an outbox, every record reads the same state and prune takes the same entries, on indexes', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fd-m14-')), 'db.sqlite');
    const db11 = openDatabase(
      file,
      MIGRATIONS.filter((m) => m.version < 14),
    );
    expect(schemaVersion(db11)).toBeLessThan(14);
    const crm = crmOnDb(db11, { now: () => new Date('2026-02-01T12:00:00Z') });
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const id = randomUUID();
      crm.importStory(id, [kioskVisit(id, i, january(i)), activity(id, 'stage-changed', { from: null, to: 'new-inquiry', note: 'Visit' }, january(i))]);
      ids.push(id);
    }
    for (const id of ids.slice(0, 6)) crm.moveStage(id, 'lost', 'Went elsewhere', STAFF);
    const outbox11 = new SqliteOutbox(db11);
    // Delivered: every other entry (activities and contact versions alike); one refused by the bridge.
    const keys = outbox11.pending(1000).map((e) => e.idempotencyKey);
    outbox11.markDeliveredMany(keys.filter((_, i) => i % 2 === 0));
    outbox11.markRejectedMany([{ idempotencyKey: keys[1]!, reason: 'refused' }]);
    const cutoff = new Date(Date.now() + 60_000).toISOString();
    const old = before(db11, cutoff);
    expect(old.pruned.length).toBeGreaterThan(0);
    expect([...old.states.values()].map((s) => s!.state).sort()).toEqual(expect.arrayContaining(['delivered', 'pending', 'rejected']));
    db11.close();

    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(MIGRATIONS.at(-1)!.version);
    expect(checkIntegrity(db)).toEqual([]);
    const outbox = new SqliteOutbox(db);
    for (const r of old.records) expect(outbox.stateOf(r), r).toEqual(old.states.get(r));
    const all = () => db.prepare(`SELECT seq FROM outbox ORDER BY seq`).pluck().all() as number[];
    const kept = all().filter((s) => !old.pruned.includes(s));
    expect(outbox.prune(cutoff)).toBe(old.pruned.length);
    expect(all()).toEqual(kept);

    // Each read on an index: a record's latest entry (by record, or an activity's by its key) and prune's latest-of-record.
    const sql = (name: string) => (outbox as unknown as Record<string, Statement>)[name]!.source;
    expect(queryPlan(db, sql('latestOf'), ids[0])).toMatch(/USING (COVERING )?INDEX outbox_record/);
    expect(queryPlan(db, sql('activityState'), 'activity:x:v1')).toMatch(/USING INDEX sqlite_autoindex_outbox_1/);
    const prune = queryPlan(db, sql('pruneDelivered'), cutoff);
    expect(prune).toMatch(/CORRELATED SCALAR SUBQUERY/);
    expect(prune).toMatch(/USING (COVERING )?INDEX outbox_record/);

    // An activity's entry is no longer written to the index of entries by record.
    const pages = walPagesPer(db, file, 20, () => enqueueActivity(outbox, 'dev-1', activity(ids[0]!, 'note', { text: 'A note' }, new Date().toISOString())));
    expect(pages.byTree.map((t) => t.name)).not.toContain('outbox_record');
    expect(pages.byTree.map((t) => t.name)).toContain('sqlite_autoindex_outbox_1');
    db.close();
  });

  it('refuses an activity entry keyed or versioned other than one entry per activity, writing nothing', () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'fd-m14-')), 'db.sqlite'));
    const outbox = new SqliteOutbox(db);
    const a = activity(randomUUID(), 'note', { text: 'hi' }, january(0));
    const payload = JSON.stringify(activityMessage('dev-1', a));
    expect(() => outbox.enqueue({ kind: 'activity', recordId: a.id, version: 2, payload })).toThrow(
      /version 1 keyed activity:<activity id>:v1 \(got version 2/,
    );
    expect(() => outbox.enqueue({ kind: 'activity', recordId: a.id, version: 1, payload, idempotencyKey: `act:${a.id}` })).toThrow(/enqueueActivity/);
    expect(outbox.depth().pending).toBe(0);
    const e = enqueueActivity(outbox, 'dev-1', a);
    expect(outbox.stateOf(a.id)).toEqual({ state: 'pending', deliveredAt: null });
    outbox.markDelivered(e.idempotencyKey);
    expect(outbox.stateOf(a.id)).toEqual({ state: 'delivered', deliveredAt: expect.any(String) });
    expect(outbox.prune(new Date(Date.now() + 60_000).toISOString())).toBe(0); // its record's only entry
    db.close();
  });
});
