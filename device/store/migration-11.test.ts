import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Activity } from '../../sync/schemas/activity.js';
import { crmOnDb } from '../../test/support/crm-on-db.js';
import type { CrmService } from '../crm/service.js';
import { CrmQueries } from './crm-queries.js';
import { checkIntegrity, openDatabase, schemaVersion } from './database.js';
import { MIGRATIONS } from './migrations.js';
import { activity, january, kioskVisit, queryPlan, STAFF, TIME_IN_STAGE_RANGES } from '../../test/support/migration-stories.js';

const RANGES = TIME_IN_STAGE_RANGES;

/** Thirty contacts over January, moved on after stays of whole days (many the same length: ties), some twice. */
function fill(crm: CrmService): string[] {
  const ids: string[] = [];
  for (let i = 0; i < 30; i++) {
    const id = randomUUID();
    const at = january;
    const a = (type: Activity['type'], data: unknown, when: string): Activity => activity(id, type, data, when);
    const story: Activity[] = [kioskVisit(id, i, at(i % 20)), a('stage-changed', { from: null, to: 'new-inquiry', note: 'Visit' }, at(i % 20))];
    if (i % 3) story.push(a('stage-changed', { from: 'new-inquiry', to: 'marketing-qualified', note: 'Called' }, at((i % 20) + 1 + (i % 4))));
    if (i % 3 === 1) story.push(a('stage-changed', { from: 'marketing-qualified', to: 'lost', note: 'Quiet' }, at((i % 20) + 3 + (i % 4), 11)));
    crm.importStory(id, story, { enqueue: false });
    ids.push(id);
  }
  return ids;
}

const panels = (q: CrmQueries, crm: CrmService, index: 'stage_periods_hours' | 'stage_periods_ended') =>
  RANGES.map((r) => q.timeInStage(r, crm.settings(), index));

describe('migration 11 (time in stage over a short range by when stays ended)', () => {
  it('adds the index on a database with data, and time in stage gives what it gave before, from either index', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fd-m11-')), 'db.sqlite');
    const db10 = openDatabase(
      file,
      MIGRATIONS.filter((m) => m.version <= 10),
    );
    expect(schemaVersion(db10)).toBe(10);
    const crm10 = crmOnDb(db10, { now: () => new Date('2026-02-01T12:00:00Z') });
    const ids = fill(crm10);
    crm10.moveStage(ids[0]!, 'lost', 'went elsewhere', STAFF);
    // Before: the only index of ended stays migration 10 has.
    const before = panels(new CrmQueries(db10, 'UTC'), crm10, 'stage_periods_hours');
    const january = before[2]!;
    expect(january.find((s) => s.stage.id === 'new-inquiry')!.contacts).toBe(20);
    expect(january.find((s) => s.stage.id === 'marketing-qualified')!.contacts).toBe(10);
    expect(before[4]!.every((s) => s.contacts === 0 && s.averageHours === null && s.medianHours === null)).toBe(true);
    db10.close();

    const db = openDatabase(
      file,
      MIGRATIONS.filter((m) => m.version <= 11),
    );
    expect(schemaVersion(db)).toBe(11);
    expect(checkIntegrity(db)).toEqual([]);
    const sql = (db.prepare(`SELECT sql FROM sqlite_schema WHERE name = 'stage_periods_ended'`).get() as { sql: string } | undefined)?.sql;
    expect(sql).toBe('CREATE INDEX stage_periods_ended ON stage_periods(stage, left_at, hours) WHERE hours IS NOT NULL');
    const crm = crmOnDb(db, { now: () => new Date('2026-02-01T12:00:00Z') });
    const q = new CrmQueries(db, 'UTC');
    expect(panels(q, crm, 'stage_periods_ended')).toEqual(before);
    expect(panels(q, crm, 'stage_periods_hours')).toEqual(before);
    expect(RANGES.map((r) => q.timeInStage(r, crm.settings()))).toEqual(before);

    // Every ended stay is in the new index, no open one; each form reads its own index, the range's bounds in it.
    const count = (where: string) => (db.prepare(`SELECT COUNT(*) AS n FROM stage_periods ${where}`).get() as { n: number }).n;
    expect(count(`INDEXED BY stage_periods_ended WHERE hours IS NOT NULL`)).toBe(count(`WHERE left_at IS NOT NULL`));
    const stays = (index: string) =>
      `SELECT COUNT(*), SUM(hours) FROM stage_periods INDEXED BY ${index} WHERE stage = ? AND hours IS NOT NULL AND left_at >= ? AND left_at < date(?, '+1 day')`;
    expect(queryPlan(db, stays('stage_periods_ended'), 'new-inquiry', '2026-01-01', '2026-01-31')).toMatch(
      /USING COVERING INDEX stage_periods_ended \(stage=\? AND left_at>\? AND left_at<\?\)/,
    );
    expect(queryPlan(db, stays('stage_periods_hours'), 'new-inquiry', '2026-01-01', '2026-01-31')).toMatch(
      /USING COVERING INDEX stage_periods_hours \(stage=\?/,
    );

    // A stay that ends after the migration enters both indexes: the panels move together.
    crm.moveStage(ids[3]!, 'lost', 'no answer', STAFF);
    const after = panels(q, crm, 'stage_periods_ended');
    expect(after[0]!.find((s) => s.stage.id === 'new-inquiry')!.contacts).toBe(before[0]!.find((s) => s.stage.id === 'new-inquiry')!.contacts + 1);
    expect(panels(q, crm, 'stage_periods_hours')).toEqual(after);
    expect(checkIntegrity(db)).toEqual([]);
    db.close();
  });
});
