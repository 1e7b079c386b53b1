import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Activity } from '../../sync/schemas/activity.js';
import { crmOnDb } from '../../test/support/crm-on-db.js';
import { activity, january, kioskVisit, queryPlan, STAFF, TIME_IN_STAGE_RANGES } from '../../test/support/migration-stories.js';
import type { CrmService } from '../crm/service.js';
import { CrmQueries } from './crm-queries.js';
import { checkIntegrity, openDatabase, schemaVersion, type Db } from './database.js';
import { MIGRATIONS } from './migrations.js';
import { stayBucketSql, stayMsSql } from './stay-buckets.js';

const RANGES = TIME_IN_STAGE_RANGES;

/** Thirty contacts over January, moved on after stays of whole days and hours (ties), some twice. */
function fill(crm: CrmService): string[] {
  const ids: string[] = [];
  for (let i = 0; i < 30; i++) {
    const id = randomUUID();
    const a = (type: Activity['type'], data: unknown, when: string): Activity => activity(id, type, data, when);
    const story: Activity[] = [kioskVisit(id, i, january(i % 20)), a('stage-changed', { from: null, to: 'new-inquiry', note: 'Visit' }, january(i % 20))];
    if (i % 3)
      story.push(a('stage-changed', { from: 'new-inquiry', to: 'marketing-qualified', note: 'Called' }, january((i % 20) + 1 + (i % 4), 10 + (i % 3))));
    if (i % 3 === 1) story.push(a('stage-changed', { from: 'marketing-qualified', to: 'lost', note: 'Quiet' }, january((i % 20) + 3 + (i % 4), 11)));
    crm.importStory(id, story, { enqueue: false });
    ids.push(id);
  }
  return ids;
}

/** Per range and stage: how many stays, the median (both exact), the average. */
const panels = (q: CrmQueries, crm: CrmService, read: 'rows' | 'summary') =>
  RANGES.map((r) => (read === 'rows' ? q.timeInStage(r, crm.settings(), 'stage_periods_hours') : q.timeInStageByDay(r, crm.settings())));

function summaryAndRecount(db: Db) {
  return {
    summary: db.prepare(`SELECT stage, day, bucket, n, ms FROM crm_day_stays ORDER BY stage, day, bucket`).all(),
    recount: db
      .prepare(
        `SELECT stage, substr(left_at, 1, 10) AS day, ${stayBucketSql('hours')} AS bucket, COUNT(*) AS n, SUM(${stayMsSql('hours')}) AS ms
         FROM stage_periods WHERE hours IS NOT NULL AND left_at IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      )
      .all(),
  };
}

describe('migration 13 (a daily summary of ended stays for time in stage)', () => {
  it('fills the summary from the stays of a database with data; the panel from it is the panel from the stays, and stays so through changes', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fd-m13-')), 'db.sqlite');
    const db12 = openDatabase(
      file,
      MIGRATIONS.filter((m) => m.version <= 12),
    );
    expect(schemaVersion(db12)).toBe(12);
    const crm12 = crmOnDb(db12, { now: () => new Date('2026-02-01T12:00:00Z') });
    const ids = fill(crm12);
    crm12.moveStage(ids[0]!, 'lost', 'went elsewhere', STAFF);
    const before = panels(new CrmQueries(db12, 'UTC'), crm12, 'rows');
    expect(before[2]!.find((s) => s.stage.id === 'new-inquiry')!.contacts).toBe(20);
    expect(before[4]!.every((s) => s.contacts === 0 && s.medianHours === null)).toBe(true);
    db12.close();

    const db = openDatabase(
      file,
      MIGRATIONS.filter((m) => m.version <= 13),
    );
    expect(schemaVersion(db)).toBe(13);
    expect(checkIntegrity(db)).toEqual([]);
    const { summary, recount } = summaryAndRecount(db);
    expect(summary.length).toBeGreaterThan(10);
    expect(summary).toEqual(recount);
    const crm = crmOnDb(db, { now: () => new Date('2026-02-01T12:00:00Z') });
    const q = new CrmQueries(db, 'UTC');
    // Whole days and hours: every mean is exact in milliseconds and in julianday's hours alike, so the panels are equal.
    expect(panels(q, crm, 'summary')).toEqual(before);
    expect(RANGES.map((r) => q.dashboard(r, crm.settings()).timeInStage)).toEqual(before);
    // A stage's days are one range of the summary's key per bucket, read in the bucket's order (no sort).
    const read = `SELECT bucket, SUM(n), SUM(ms) FROM crm_day_stays WHERE stage = ? AND bucket IN (0, 1, 2) AND day >= ? AND day < date(?, '+1 day')
      GROUP BY bucket ORDER BY bucket`;
    expect(queryPlan(db, read, 'x', 'a', 'b')).toBe('SEARCH crm_day_stays USING PRIMARY KEY (stage=? AND bucket=? AND day>? AND day<?)');

    // After the migration: a stage change, a merge (one story's stays re-folded, the other's gone) and an erasure.
    crm.moveStage(ids[3]!, 'lost', 'no answer', STAFF);
    crm.merge(ids[4]!, ids[5]!, STAFF);
    crm.erase(ids[7]!, STAFF);
    const after = summaryAndRecount(db);
    expect(after.summary).toEqual(after.recount);
    expect(after.summary).not.toEqual(summary);
    expect(panels(q, crm, 'summary')).toEqual(panels(q, crm, 'rows'));
    expect(checkIntegrity(db)).toEqual([]);
    db.close();
  });
});
