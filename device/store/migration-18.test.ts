import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Activity } from '../../sync/schemas/activity.js';
import { crmOnDb } from '../../test/support/crm-on-db.js';
import { activity, january, kioskVisit, queryPlan, STAFF, TIME_IN_STAGE_RANGES } from '../../test/support/migration-stories.js';
import { walPagesPer } from '../../test/support/wal-pages.js';
import type { CrmService } from '../crm/service.js';
import { CrmQueries } from './crm-queries.js';
import { checkIntegrity, openDatabase, schemaVersion, type Db } from './database.js';
import { MIGRATIONS } from './migrations.js';
import { stayBucketSql, stayMsSql } from './stay-buckets.js';

/** Twenty contacts over January, some moved on once or twice (ended stays of several lengths). */
function fill(crm: CrmService): string[] {
  const ids: string[] = [];
  for (let i = 0; i < 20; i++) {
    const id = randomUUID();
    const a = (type: Activity['type'], data: unknown, when: string): Activity => activity(id, type, data, when);
    const story: Activity[] = [kioskVisit(id, i, january(i)), a('stage-changed', { from: null, to: 'new-inquiry', note: 'Visit' }, january(i))];
    if (i % 3) story.push(a('stage-changed', { from: 'new-inquiry', to: 'marketing-qualified', note: 'Called' }, january(i + 1 + (i % 4), 10 + (i % 3))));
    if (i % 3 === 1) story.push(a('stage-changed', { from: 'marketing-qualified', to: 'lost', note: 'Quiet' }, january(i + 3 + (i % 4), 11)));
    crm.importStory(id, story, { enqueue: false });
    ids.push(id);
  }
  return ids;
}

const stays = (db: Db) => db.prepare(`SELECT contact_id, stage, entered_at, left_at, hours FROM stage_periods ORDER BY contact_id, entered_at, stage`).all();
const attached = (db: Db) =>
  db
    .prepare(`SELECT type, name, sql FROM sqlite_schema WHERE tbl_name = 'stage_periods' AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY name`)
    .all();
const outboxRows = (db: Db) => db.prepare(`SELECT * FROM outbox ORDER BY seq`).all() as Record<string, unknown>[];
const outboxAttached = (db: Db) =>
  db.prepare(`SELECT type, name, sql FROM sqlite_schema WHERE tbl_name = 'outbox' AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY name`).all();
const summary = (db: Db) => db.prepare(`SELECT stage, day, bucket, n, ms FROM crm_day_stays ORDER BY stage, day, bucket`).all();
const recount = (db: Db) =>
  db
    .prepare(
      `SELECT stage, substr(left_at, 1, 10) AS day, ${stayBucketSql('hours')} AS bucket, COUNT(*) AS n, SUM(${stayMsSql('hours')}) AS ms
       FROM stage_periods WHERE hours IS NOT NULL AND left_at IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    )
    .all();

describe('migration 18 (stays in a stage kept in their key, WITHOUT ROWID; the outbox without AUTOINCREMENT)', () => {
  it("rebuilds the stays of a database with data: the same rows, indexes and triggers (a later migration's too), panels and summary in step", () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fd-m18-')), 'db.sqlite');
    const old = openDatabase(
      file,
      MIGRATIONS.filter((m) => m.version < 18),
    );
    const crm0 = crmOnDb(old, { now: () => new Date('2026-02-01T12:00:00Z') });
    const ids = fill(crm0);
    crm0.moveStage(ids[0]!, 'lost', 'went elsewhere', STAFF);
    // What another migration before this one might have put on the table: a trigger and an index of its own.
    old.exec(`CREATE TABLE probe_stays (contact_id TEXT, stage TEXT);
      CREATE TRIGGER probe_stays_add AFTER INSERT ON stage_periods BEGIN INSERT INTO probe_stays VALUES (NEW.contact_id, NEW.stage); END;
      CREATE INDEX probe_stays_entered ON stage_periods(entered_at)`);
    const rows = stays(old);
    const schema = attached(old);
    const entries = outboxRows(old);
    const outboxSchema = outboxAttached(old);
    expect(entries.length).toBeGreaterThan(0);
    const q0 = new CrmQueries(old, 'UTC');
    const panels0 = TIME_IN_STAGE_RANGES.map((r) => [q0.timeInStage(r, crm0.settings()), q0.timeInStageByDay(r, crm0.settings())]);
    expect(old.prepare(`SELECT COUNT(*) FROM sqlite_schema WHERE name = 'sqlite_autoindex_stage_periods_1'`).pluck().get()).toBe(1);
    old.exec('ANALYZE');
    const analyzed = (db: Db) =>
      db
        .prepare(`SELECT idx FROM sqlite_stat1 WHERE tbl IN ('stage_periods', 'outbox') AND idx NOT LIKE 'sqlite_autoindex_stage_periods%' ORDER BY idx`)
        .pluck()
        .all();
    const stats = analyzed(old);
    expect(stats).toContain('stage_periods_hours');
    old.close();

    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(MIGRATIONS.at(-1)!.version);
    expect(checkIntegrity(db)).toEqual([]);
    expect(db.prepare(`SELECT sql FROM sqlite_schema WHERE name = 'stage_periods'`).pluck().get()).toMatch(/WITHOUT ROWID\s*$/);
    expect(db.prepare(`SELECT COUNT(*) FROM sqlite_schema WHERE name LIKE 'sqlite_autoindex_stage_periods%'`).pluck().get()).toBe(0);
    expect(stays(db)).toEqual(rows);
    // The planner's statistics of the rebuilt tables are gathered again (a DROP TABLE takes them; the new table's key
    // has its own row now).
    expect(analyzed(db)).toEqual(expect.arrayContaining(stats));
    expect(stats.length).toBeGreaterThan(4);
    expect(attached(db)).toEqual(schema);
    // The outbox: the same entries (seq, keys, payload bytes) and indexes; no AUTOINCREMENT, nothing in sqlite_sequence.
    expect(outboxRows(db)).toEqual(entries);
    expect(outboxAttached(db)).toEqual(outboxSchema);
    expect(db.prepare(`SELECT sql FROM sqlite_schema WHERE name = 'outbox'`).pluck().get()).not.toMatch(/AUTOINCREMENT/i);
    expect(db.prepare(`SELECT COUNT(*) FROM sqlite_sequence WHERE name = 'outbox'`).pluck().get()).toBe(0);
    const last = entries.at(-1)!.seq as number;
    const q = new CrmQueries(db, 'UTC');
    const crm = crmOnDb(db, { now: () => new Date('2026-02-02T12:00:00Z') });
    expect(TIME_IN_STAGE_RANGES.map((r) => [q.timeInStage(r, crm.settings()), q.timeInStageByDay(r, crm.settings())])).toEqual(panels0);
    // The panels still read their indexes alone (the key stands in for the rowid in each entry).
    for (const index of ['stage_periods_hours', 'stage_periods_ended'])
      expect(
        queryPlan(
          db,
          `SELECT hours FROM stage_periods INDEXED BY ${index} WHERE stage = ? AND hours IS NOT NULL AND left_at >= ?`,
          'new-inquiry',
          '2026-01-01',
        ),
      ).toMatch(new RegExp(`USING COVERING INDEX ${index}`));

    // Later changes: the triggers kept fire, the summary stays the recount of the stays, an erasure takes the stays.
    const probes = db.prepare(`SELECT COUNT(*) FROM probe_stays`).pluck().get() as number;
    crm.moveStage(ids[1]!, 'customer', 'booked', STAFF);
    // New entries follow the largest seq there, in the order they were enqueued.
    const next = db.prepare(`SELECT seq FROM outbox WHERE seq > ? ORDER BY seq`).pluck().all(last) as number[];
    expect(next).toEqual([last + 1, last + 2]);
    crm.moveStage(ids[3]!, 'lost', 'no answer', STAFF);
    expect(db.prepare(`SELECT COUNT(*) FROM probe_stays`).pluck().get()).toBe(probes + 2);
    crm.erase(ids[4]!, STAFF);
    expect(db.prepare(`SELECT COUNT(*) FROM stage_periods WHERE contact_id = ?`).pluck().get(ids[4]!)).toBe(0);
    expect(summary(db)).toEqual(recount(db));
    expect(checkIntegrity(db)).toEqual([]);
    db.close();
  });

  it('a stage change writes no separate index of the stays key, and no sqlite_sequence', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fd-m18-')), 'db.sqlite');
    const db = openDatabase(file);
    const crm = crmOnDb(db);
    const ids = Array.from({ length: 10 }, () => randomUUID());
    for (const [i, id] of ids.entries()) crm.importStory(id, [kioskVisit(id, i, january(i))]);
    const pages = walPagesPer(db, file, ids.length, (i) => crm.moveStage(ids[i]!, 'lost', 'Went elsewhere', STAFF));
    const trees = pages.byTree.map((t) => t.name);
    expect(trees).toContain('stage_periods');
    expect(trees.filter((t) => t.startsWith('sqlite_autoindex_stage_periods'))).toEqual([]);
    expect(trees).not.toContain('sqlite_sequence');
    db.close();
  });
});
