import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerFactsDrift, answeredReference } from '../../test/support/answered-reference.js';
import { crmOnDb } from '../../test/support/crm-on-db.js';
import { activity, january, kioskVisit, queryPlan, STAFF } from '../../test/support/migration-stories.js';
import { DEFAULT_CRM_SETTINGS } from '../crm/defaults.js';
import type { FieldFilter } from '../crm/field-filter.js';
import type { CrmService } from '../crm/service.js';
import type { Dashboard } from '../crm/types.js';
import { answerRows } from './answer-match.js';
import { CrmQueries } from './crm-queries.js';
import { checkIntegrity, openDatabase, schemaVersion, type Db } from './database.js';
import { MIGRATIONS } from './migrations.js';

const NOTES = ['Allergic to latex', 'allergic to LATEX', 'Running late', 'ALLERGIC TO LATEX'];
const CAMPAIGNS = [null, 'instagram', 'google'];

/** Forty contacts over January: a reason, most a note (in several cases), half extras, some moved on, some with an outcome. */
function fill(crm: CrmService): string[] {
  const ids: string[] = [];
  for (let i = 0; i < 40; i++) {
    const id = randomUUID();
    const at = january(i % 28, 8 + (i % 10));
    const visit = kioskVisit(id, i, at, CAMPAIGNS[i % 3]!);
    const answers = (visit.data as { answers: Record<string, unknown> }).answers;
    if (i % 4 === 1) answers.reason = 'styling';
    if (i % 5) answers.notes = NOTES[i % NOTES.length];
    if (i % 2) answers.extras = i % 4 === 1 ? ['wash', 'nails'] : ['nails'];
    const story = [visit, activity(id, 'stage-changed', { from: null, to: 'new-inquiry', note: 'Visit' }, at)];
    if (i % 3) story.push(activity(id, 'stage-changed', { from: 'new-inquiry', to: 'marketing-qualified', note: 'Called' }, january((i % 28) + 1, 9)));
    if (i % 6 === 2)
      story.push(
        activity(id, 'outcome', { result: 'lost', reason: 'price', wellQualified: null, objection: null, note: null }, january((i % 28) + 2, 9)),
        activity(id, 'stage-changed', { from: 'marketing-qualified', to: 'lost', note: 'Price' }, january((i % 28) + 2, 9)),
      );
    crm.importStory(id, story, { enqueue: false });
    ids.push(id);
  }
  return ids;
}

const FILTERS: FieldFilter[] = [
  { id: 'reason', text: 'haircut', match: 'exact' },
  { id: 'reason', text: 'styling', match: 'exact' },
  { id: 'notes', text: 'allergic to latex', match: 'caseless' },
  { id: 'extras', text: 'nails', match: 'anyOf' },
  { id: 'reason', text: 'nobody-said-this', match: 'exact' },
];
const RANGES: Dashboard['range'][] = [
  { from: '2026-01-01', to: '2026-12-31', granularity: 'week' },
  { from: '2026-01-05', to: '2026-01-18', granularity: 'day' },
  { from: '2026-01-20', to: '2026-01-20', granularity: 'day' },
];

/** Every filtered dashboard by the reference (plain TypeScript over the contacts' rows), and the leads lists filtered alike. */
function views(db: Db) {
  const q = new CrmQueries(db, 'UTC');
  return {
    dashboards: FILTERS.flatMap((f) => RANGES.map((r) => answeredReference(db, r, DEFAULT_CRM_SETTINGS, f))),
    lists: FILTERS.flatMap((field) =>
      [3, 500].map((manyMatches) => new CrmQueries(db, 'UTC', { totalCap: 1000, manyMatches }).list({ limit: 200 }, { searchTags: [], field })),
    ),
    unfiltered: RANGES.map((r) => q.dashboard(r, DEFAULT_CRM_SETTINGS)),
  };
}

/** The filtered dashboards as the queries give them, in the order of `views`' (range and answer words left out). */
function filtered(db: Db) {
  const q = new CrmQueries(db, 'UTC');
  return FILTERS.flatMap((f) =>
    RANGES.map((r) => {
      const { range: _range, ...panels } = q.dashboard(r, DEFAULT_CRM_SETTINGS, f);
      return panels;
    }),
  );
}

describe("migration 15 (answers carry their contact's day, source, campaign and outcome)", () => {
  it('fills the copies on a database with data; the filtered dashboard and the leads filter give what they gave, from one range of the new index', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fd-m15-')), 'db.sqlite');
    const db14 = openDatabase(
      file,
      MIGRATIONS.filter((m) => m.version <= 14),
    );
    expect(schemaVersion(db14)).toBe(14);
    fill(crmOnDb(db14, { now: () => new Date('2026-02-01T12:00:00Z') }));
    const before = views(db14);
    // The stories hold answers of each kind in the ranges: nothing here is trivially empty.
    expect(before.dashboards.filter((d) => d.volume.byPeriod.length > 0).length).toBeGreaterThan(8);
    expect(before.lists.map((l) => l.total)).toEqual([30, 30, 10, 10, 24, 24, 20, 20, 0, 0]);
    db14.close();

    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(MIGRATIONS.at(-1)!.version);
    expect(checkIntegrity(db)).toEqual([]);
    expect(answerFactsDrift(db)).toEqual([]);
    expect(db.prepare(`SELECT COUNT(*) FROM contact_fields WHERE local_day IS NULL`).pluck().get()).toBe(0);
    expect(views(db)).toEqual(before);
    expect(filtered(db)).toEqual(before.dashboards);

    // With the statistics of ANALYZE too: the answering contacts of a range are one range of the new index, read alone.
    db.exec('ANALYZE');
    expect(filtered(db)).toEqual(before.dashboards);
    const days = { from: '2026-01-01', to: '2026-01-31' };
    for (const f of FILTERS.filter((x) => x.match !== 'anyOf')) {
      const m = answerRows(f, { alias: 'a', days });
      const plan = queryPlan(db, `SELECT a.local_day, a.outcome, COUNT(*) FROM ${m.from} WHERE ${m.where} GROUP BY 1, 2`, ...m.args);
      expect(plan, f.match).toMatch(
        /^SEARCH a USING COVERING INDEX contact_fields_answers \(field_id=\? AND value_text=\? AND local_day>\? AND local_day<\?\)/,
      );
    }
    // An option of several choices: the question's distinct answers, a seek each in the byte-wise index; the rows of
    // those holding the option's text, ranges of the new index by day, each row's JSON checked.
    const any = answerRows(FILTERS[3]!, { alias: 'a', days });
    const anyPlan = queryPlan(db, `SELECT a.contact_id FROM ${any.from} WHERE ${any.where}`, ...any.args);
    expect(anyPlan).toMatch(/^SEARCH a USING INDEX contact_fields_answers \(field_id=\? AND value_text=\? AND local_day>\? AND local_day<\?\)/);
    expect(anyPlan.match(/contact_fields_value \(field_id=\? AND value_text>\?\)/g)).toHaveLength(2);
    // Time in stage filtered: the range's ended stays with their contact, from the index of ended stays alone.
    const all = answerRows(FILTERS[0]!);
    const stays = `SELECT p.stage, p.hours FROM stage_periods p INDEXED BY stage_periods_ended WHERE p.stage = ? AND p.hours IS NOT NULL AND p.left_at >= ?
      AND p.left_at < ? AND +p.contact_id IN (SELECT f.contact_id FROM ${all.from} WHERE ${all.where})`;
    expect(queryPlan(db, stays, 'new-inquiry', '2026-01-01', '2026-02-01', ...all.args)).toMatch(
      /^SEARCH p USING COVERING INDEX stage_periods_ended \(stage=\? AND left_at>\? AND left_at<\?\) \| LIST SUBQUERY 1 \| SEARCH f USING COVERING INDEX contact_fields_answers/,
    );
    // The leads list's matching ids, from the same index.
    const ids = answerRows(FILTERS[0]!);
    expect(queryPlan(db, `SELECT f.contact_id FROM ${ids.from} WHERE ${ids.where} LIMIT 500`, ...ids.args)).toBe(
      'SEARCH f USING COVERING INDEX contact_fields_answers (field_id=? AND value_text=?)',
    );

    // After the migration: new visits, an outcome, a field edit, a merge and an erasure; the copies follow each.
    const crm = crmOnDb(db, { now: () => new Date('2026-02-02T12:00:00Z') });
    const more = fill(crm);
    crm.recordOutcome(more[0]!, { result: 'won', reason: null }, STAFF);
    crm.recordOutcome(more[1]!, { result: 'lost', reason: 'timing' }, STAFF);
    crm.editField(more[2]!, 'reason', 'styling', STAFF);
    crm.editField(more[3]!, 'notes', 'ALLERGIC to latex', STAFF);
    crm.merge(more[4]!, more[5]!, STAFF);
    // An option whose text holds another's: its answer's text holds "nails", its array does not.
    crm.editField(more[7]!, 'extras', ['nails-and-toes'], STAFF);
    crm.erase(more[6]!, STAFF);
    expect(answerFactsDrift(db)).toEqual([]);
    expect(filtered(db)).toEqual(views(db).dashboards);
    const nails = new CrmQueries(db, 'UTC').list({ limit: 200 }, { searchTags: [], field: FILTERS[3]! });
    expect(nails.rows.map((r) => r.id)).not.toContain(more[7]);
    expect(nails.total).toBe(2 * 20 - 1);
    expect(checkIntegrity(db)).toEqual([]);
    db.close();
  });
});
