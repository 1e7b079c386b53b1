import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Activity } from '../../sync/schemas/activity.js';
import { crmOnDb } from '../../test/support/crm-on-db.js';
import { HandoffStore } from '../handoff/store.js';
import type { CrmService } from '../crm/service.js';
import { CrmQueries } from './crm-queries.js';
import { checkIntegrity, openDatabase, schemaVersion, type Db } from './database.js';
import { MIGRATIONS } from './migrations.js';
import { activity, january, kioskVisit, ORIGIN, queryPlan, ROBOT, STAFF } from '../../test/support/migration-stories.js';

const RANGE = { from: '2026-01-01', to: '2026-03-31', granularity: 'day' as const };

/** Twelve contacts over January, each a few stays long, some tagged; a task and a notification activity in the story. */
function fill(crm: CrmService): string[] {
  const ids: string[] = [];
  for (let i = 0; i < 12; i++) {
    const id = randomUUID();
    const a = (type: Activity['type'], data: unknown, when: string): Activity => activity(id, type, data, when);
    const story: Activity[] = [
      kioskVisit(id, i, january(i), i % 3 ? 'instagram' : null),
      a('stage-changed', { from: null, to: 'new-inquiry', note: 'Visit' }, january(i)),
      a('tag-added', { tag: 'haircut', category: 'service', matched: null }, january(i)),
    ];
    if (i % 3) story.push(a('tag-added', { tag: 'instagram', category: 'campaign', matched: null }, january(i)));
    if (i % 2) story.push(a('stage-changed', { from: 'new-inquiry', to: 'marketing-qualified', note: 'Called' }, january(i + 1 + (i % 5), 9 + i)));
    crm.importStory(id, story, { enqueue: false });
    ids.push(id);
  }
  // Rows the handoff folds: a task and a notification (stored as they arrive, the story's table read by type).
  const task = randomUUID();
  crm.store.insertActivity({
    id: randomUUID(),
    contactId: ids[0]!,
    at: '2026-01-05T10:00:00.000Z',
    by: ROBOT,
    origin: ORIGIN,
    type: 'task',
    data: { task, change: 'created', title: 'Call back', assignee: null, due: '2026-01-06T10:00:00.000Z', profile: '' },
  } as unknown as Activity);
  crm.store.insertActivity({
    id: randomUUID(),
    contactId: ids[1]!,
    at: '2026-01-04T10:00:00.000Z',
    by: ROBOT,
    origin: ORIGIN,
    type: 'notification',
    data: { to: 'staff', channel: 'screen', text: 'New lead' },
  } as unknown as Activity);
  return ids;
}

/** What the screens read from the tables migration 10 changes: time in stage, the lists by stage and tag, the handoff's work. */
function reads(db: Db, crm: CrmService) {
  const q = new CrmQueries(db, 'UTC');
  const handoff = new HandoffStore(db);
  return {
    // The index of ended stays migrations 9 and 10 have (a 90-day range reads migration 11's by default).
    timeInStage: q.timeInStage(RANGE, crm.settings(), 'stage_periods_hours'),
    funnel: q.funnel(RANGE, crm.settings()),
    topTags: q.topTags(RANGE, crm.settings()),
    stageAndTag: crm.list({ stage: 'marketing-qualified', tag: 'instagram' }).items.map((c) => c.id),
    tag: crm.list({ tag: 'haircut' }).items.map((c) => c.id),
    work: handoff.workActivities().map((a) => a.id),
  };
}

describe('migration 10 (fewer pages written per change)', () => {
  it('drops the indexes no query reads and narrows two, on a database with data, and every read gives what it gave before', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fd-m10-')), 'db.sqlite');
    const db9 = openDatabase(
      file,
      MIGRATIONS.filter((m) => m.version < 10),
    );
    const crm9 = crmOnDb(db9, { now: () => new Date('2026-02-01T12:00:00Z') });
    const ids = fill(crm9);
    crm9.moveStage(ids[1]!, 'new-inquiry', 'back to the start', STAFF);
    const before = reads(db9, crm9);
    expect(before.timeInStage.find((s) => s.stage.id === 'new-inquiry')!.contacts).toBe(6);
    expect(before.work).toHaveLength(2);
    db9.close();

    const db = openDatabase(
      file,
      MIGRATIONS.filter((m) => m.version <= 10),
    );
    expect(schemaVersion(db)).toBe(10);
    expect(checkIntegrity(db)).toEqual([]);
    const indexes = new Map(
      (db.prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL`).all() as { name: string; sql: string }[]).map((r) => [
        r.name,
        r.sql,
      ]),
    );
    for (const gone of ['contact_stages_day', 'contact_tags_day', 'activities_type_at']) expect(indexes.has(gone)).toBe(false);
    expect(indexes.get('stage_periods_hours')).toMatch(/WHERE hours IS NOT NULL$/);
    expect(indexes.get('activities_tasks')).toMatch(/WHERE type IN \('task', 'notification'\)$/);
    const crm = crmOnDb(db, { now: () => new Date('2026-02-01T12:00:00Z') });
    expect(reads(db, crm)).toEqual(before);

    // Each read stays on an index: open stays are no longer in the time-in-stage index, only ended ones.
    expect(queryPlan(db, `SELECT * FROM activities WHERE type IN ('task', 'notification') ORDER BY at, id`)).toMatch(/USING INDEX activities_tasks/);
    expect(queryPlan(db, `SELECT * FROM activities WHERE contact_id = ? AND type IN ('task', 'notification') ORDER BY at, id`, ids[0])).toMatch(
      /USING INDEX activities_contact/,
    );
    expect(queryPlan(db, `SELECT 1 FROM contact_stages WHERE contact_id = ?`, ids[0])).toMatch(/USING PRIMARY KEY/);
    const indexed = (db.prepare(`SELECT COUNT(*) AS n FROM stage_periods INDEXED BY stage_periods_hours WHERE hours IS NOT NULL`).get() as { n: number }).n;
    expect(indexed).toBe((db.prepare(`SELECT COUNT(*) AS n FROM stage_periods WHERE left_at IS NOT NULL`).get() as { n: number }).n);
    expect(indexed).toBe(7); // six new-inquiry stays and ids[1]'s marketing-qualified one

    // Changes after the migration: a stay that ends enters the index, the handoff's new rows are found.
    crm.moveStage(ids[0]!, 'lost', 'went quiet', STAFF);
    crm.store.insertActivity({
      id: randomUUID(),
      contactId: ids[2]!,
      at: '2026-02-01T12:00:00.000Z',
      by: ROBOT,
      origin: ORIGIN,
      type: 'notification',
      data: { to: 'staff', channel: 'screen', text: 'Another' },
    } as unknown as Activity);
    const after = reads(db, crm);
    expect(after.timeInStage.find((s) => s.stage.id === 'new-inquiry')!.contacts).toBe(7);
    expect(after.work).toHaveLength(3);
    expect(checkIntegrity(db)).toEqual([]);
    db.close();
  });
});
