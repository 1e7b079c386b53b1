import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Statement } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteOutbox } from '../../sync/outbox.js';
import { crmOnDb } from '../../test/support/crm-on-db.js';
import { activity, january, kioskVisit, queryPlan, STAFF } from '../../test/support/migration-stories.js';
import { walPagesPer } from '../../test/support/wal-pages.js';
import { checkIntegrity, openDatabase, schemaVersion } from './database.js';
import { MIGRATIONS } from './migrations.js';

const LATER = () => new Date(Date.now() + 60_000).toISOString();

describe('migration 16 (delivered activity entries by delivery, for their prune)', () => {
  it('indexes the delivered activity entries already there, and their prune reads that index', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fd-m16-')), 'db.sqlite');
    const old = openDatabase(
      file,
      MIGRATIONS.filter((m) => m.version < 16),
    );
    const crm = crmOnDb(old, { now: () => new Date('2026-02-01T12:00:00Z') });
    const ids = Array.from({ length: 6 }, () => randomUUID());
    for (const [i, id] of ids.entries())
      crm.importStory(id, [kioskVisit(id, i, january(i)), activity(id, 'stage-changed', { from: null, to: 'new-inquiry', note: 'Visit' }, january(i))]);
    const outbox14 = new SqliteOutbox(old);
    const keys = outbox14.pending(1000).map((e) => e.idempotencyKey);
    outbox14.markDeliveredMany(keys.filter((k) => k.startsWith('activity:')).slice(0, 8));
    old.close();

    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(MIGRATIONS.at(-1)!.version);
    expect(checkIntegrity(db)).toEqual([]);
    const indexed = db.prepare(`SELECT COUNT(*) FROM outbox INDEXED BY outbox_activity_delivered WHERE kind = 'activity' AND delivered_at IS NOT NULL`);
    expect(indexed.pluck().get()).toBe(8);
    const outbox = new SqliteOutbox(db);
    const sql = (outbox as unknown as Record<string, Statement>).pruneActivityBatch!.source;
    expect(queryPlan(db, sql, LATER(), 100)).toMatch(/USING (COVERING )?INDEX outbox_activity_delivered/);
    expect(outbox.pruneActivities(LATER(), 5)).toBe(5);
    expect(outbox.pruneActivities(LATER(), 5)).toBe(3);
    expect(outbox.pruneActivities(LATER(), 5)).toBe(0);
    // The contact snapshots and the undelivered activities are all still there.
    expect(db.prepare(`SELECT COUNT(*) FROM outbox WHERE kind = 'activity'`).pluck().get()).toBe(keys.filter((k) => k.startsWith('activity:')).length - 8);
    expect(db.prepare(`SELECT COUNT(*) FROM outbox WHERE kind = 'contact.upsert'`).pluck().get()).toBe(keys.filter((k) => k.startsWith('contact.')).length);
    db.close();
  });

  it('costs a stage change no page: an entry enters the index when it is delivered, not when it is enqueued', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fd-m16-')), 'db.sqlite');
    const db = openDatabase(file);
    const crm = crmOnDb(db);
    const ids = Array.from({ length: 10 }, () => randomUUID());
    for (const [i, id] of ids.entries()) crm.importStory(id, [kioskVisit(id, i, january(i))]);
    const pages = walPagesPer(db, file, ids.length, (i) => crm.moveStage(ids[i]!, 'lost', 'Went elsewhere', STAFF));
    expect(pages.byTree.map((t) => t.name)).not.toContain('outbox_activity_delivered');
    db.close();
  });

  it('an erased contact is erased whether its delivered activity entries were pruned or not', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fd-m16-')), 'db.sqlite');
    const db = openDatabase(file);
    const crm = crmOnDb(db);
    const outbox = new SqliteOutbox(db);
    const [pruned, kept] = [randomUUID(), randomUUID()];
    for (const [i, id] of [pruned, kept].entries()) {
      crm.importStory(id, [kioskVisit(id, i, january(i))]);
      crm.addNote(id, `Call back ${id}`, STAFF);
    }
    outbox.markDeliveredMany(outbox.pending(1000).map((e) => e.idempotencyKey));
    // Only the first contact's activity entries are old enough (their delivery moved back 40 days).
    db.prepare(`UPDATE outbox SET delivered_at = ? WHERE kind = 'activity' AND record_id IN (SELECT id FROM activities WHERE contact_id = ?)`).run(
      new Date(Date.now() - 40 * 86_400_000).toISOString(),
      pruned,
    );
    expect(outbox.pruneActivities(new Date(Date.now() - 30 * 86_400_000).toISOString(), 100)).toBe(2);
    const entriesOf = (id: string) =>
      db.prepare(`SELECT COUNT(*) FROM outbox WHERE kind = 'activity' AND record_id IN (SELECT id FROM activities WHERE contact_id = ?)`).pluck().get(id);
    expect(entriesOf(pruned)).toBe(0);
    expect(entriesOf(kept)).toBe(2);

    for (const id of [pruned, kept]) crm.erase(id, STAFF);
    for (const id of [pruned, kept]) {
      expect(crm.get(id)).toBeNull();
      // Its tombstone is pending, to the bridge; nothing else left in the outbox names it but erased markers.
      const tombstones = outbox.pending(1000).filter((e) => e.recordId !== id && e.payload.includes(id));
      expect(tombstones.map((e) => JSON.parse(e.payload).activity.type)).toEqual(['erasure']);
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = readFileSync(file);
    for (const id of [pruned, kept]) expect(bytes.includes(Buffer.from(`Call back ${id}`))).toBe(false);
    db.close();
  });
});
