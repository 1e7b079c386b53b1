import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answeredReference, rollupDrift } from '../../test/support/answered-reference.js';
import { crmOnDb } from '../../test/support/crm-on-db.js';
import { activity, january, kioskVisit, STAFF } from '../../test/support/migration-stories.js';
import { walPagesPer } from '../../test/support/wal-pages.js';
import { DEFAULT_CRM_SETTINGS } from '../crm/defaults.js';
import type { FieldFilter } from '../crm/field-filter.js';
import type { CrmService } from '../crm/service.js';
import type { Dashboard } from '../crm/types.js';
import { CrmQueries } from './crm-queries.js';
import { checkIntegrity, openDatabase, schemaVersion, type Db } from './database.js';
import { MIGRATIONS } from './migrations.js';

const CAMPAIGNS = [null, 'instagram', 'google'];
/** The questions a config rolls up here (its choice and yes/no ones). */
const ROLLED_UP = ['reason', 'extras', 'first_visit'];

/** Forty contacts over January: a reason, half extras, most a first-visit answer, tags, some moved on, some lost. */
function fill(crm: CrmService, from = 0): string[] {
  const ids: string[] = [];
  for (let i = from; i < from + 40; i++) {
    const id = randomUUID();
    const at = january(i % 28, 8 + (i % 10));
    const visit = kioskVisit(id, i, at, CAMPAIGNS[i % 3]!);
    const answers = (visit.data as { answers: Record<string, unknown> }).answers;
    if (i % 4 === 1) answers.reason = 'styling';
    if (i % 2) answers.extras = i % 4 === 1 ? ['wash', 'nails'] : ['nails'];
    if (i % 5) answers.first_visit = i % 3 === 0;
    const story = [visit, activity(id, 'stage-changed', { from: null, to: 'new-inquiry', note: 'Visit' }, at)];
    if (i % 2) story.push(activity(id, 'tag-added', { tag: i % 4 === 1 ? 'styling' : 'haircut', category: 'service', matched: null }, at));
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
  { id: 'extras', text: 'nails', match: 'anyOf' },
  { id: 'first_visit', text: 'true', match: 'exact' },
  { id: 'reason', text: 'nobody-said-this', match: 'exact' },
];
const RANGES: Dashboard['range'][] = [
  { from: '2026-01-01', to: '2026-12-31', granularity: 'week' },
  { from: '2026-01-05', to: '2026-01-18', granularity: 'day' },
  { from: '2026-01-20', to: '2026-01-20', granularity: 'day' },
];

/** Every filtered dashboard (range left out), from the queries: on the rollups with `rolledUp`, else the plain path. */
function dashboards(db: Db, rolledUp?: readonly string[]) {
  const q = new CrmQueries(db, 'UTC');
  return FILTERS.flatMap((f) =>
    RANGES.map((r) => {
      const { range: _range, ...panels } = q.dashboard(r, DEFAULT_CRM_SETTINGS, f, rolledUp);
      return panels;
    }),
  );
}

const reference = (db: Db) => FILTERS.flatMap((f) => RANGES.map((r) => answeredReference(db, r, DEFAULT_CRM_SETTINGS, f)));

describe('migration 17 (rollups of the dashboard filtered on a choice or yes/no answer)', () => {
  it('on a database with data: the rollups, built on the first filtered dashboard, give the dashboards it gave, and follow later changes', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fd-m17-')), 'db.sqlite');
    const old = openDatabase(
      file,
      MIGRATIONS.filter((m) => m.version < 17),
    );
    expect(schemaVersion(old)).toBe(16);
    fill(crmOnDb(old, { now: () => new Date('2026-02-01T12:00:00Z') }));
    const before = dashboards(old);
    expect(before).toEqual(reference(old));
    // Nothing here is trivially empty.
    expect(before.filter((d) => d.volume.byPeriod.length > 0 && d.funnel.some((x) => x.movedOn > 0)).length).toBeGreaterThan(6);
    old.close();

    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(MIGRATIONS.at(-1)!.version);
    expect(checkIntegrity(db)).toEqual([]);
    // Empty until a config names the questions: the plain path answers meanwhile, as before.
    expect(db.prepare(`SELECT COUNT(*) FROM answer_combos`).pluck().get()).toBe(0);
    expect(dashboards(db)).toEqual(before);
    // The first filtered dashboard with the config's questions builds them, and reads them.
    expect(dashboards(db, ROLLED_UP)).toEqual(before);
    const q = new CrmQueries(db, 'UTC');
    expect(q.rollups.questions()).toEqual([...ROLLED_UP].sort());
    for (const f of FILTERS) expect(q.answerers(RANGES[0]!, f, ROLLED_UP).combos, f.id).toBeDefined();
    // A few combos of answers for forty contacts: reason x extras x first visit.
    expect(db.prepare(`SELECT COUNT(*) FROM answer_combos`).pluck().get()).toBeLessThanOrEqual(18);

    // After the migration: new visits, an outcome, edits of answers, a merge and an erasure; the rollups follow each.
    let clock = Date.parse('2026-01-20T12:00:00Z');
    const crm = crmOnDb(db, { now: () => new Date((clock += 3_600_000)) });
    const more = fill(crm, 40);
    // (Visitor 43 has a phone and a haircut tag: Sales qualified's criteria.)
    crm.moveStage(more[3]!, 'sales-qualified', 'Called back', STAFF);
    crm.recordOutcome(more[1]!, { result: 'won', reason: null }, STAFF);
    crm.editField(more[2]!, 'reason', 'styling', STAFF);
    crm.editField(more[1]!, 'extras', ['nails', 'brows'], STAFF);
    crm.editField(more[4]!, 'first_visit', false, STAFF);
    crm.merge(more[5]!, more[6]!, STAFF);
    crm.erase(more[7]!, STAFF);
    expect(rollupDrift(db, q.rollups)).toEqual({ kept: [], rebuilt: [] });
    expect(dashboards(db, ROLLED_UP)).toEqual(reference(db));
    // A question no longer a choice (first visit now free text), another one added: rebuilt, still the reference's.
    expect(q.rollups.track(['reason', 'extras', 'heard_from'])).toBe(true);
    expect(q.answerers(RANGES[0]!, FILTERS[3]!, ['reason', 'extras', 'heard_from']).combos).toBeUndefined();
    expect(dashboards(db, ['reason', 'extras', 'heard_from'])).toEqual(reference(db));
    expect(checkIntegrity(db)).toEqual([]);
    db.close();
  });

  it('costs a stage change two rollup pages whatever the number of questions rolled up: the combo row group of its day, the ended stay', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fd-m17-')), 'db.sqlite');
    const db = openDatabase(file);
    const crm = crmOnDb(db);
    const q = new CrmQueries(db, 'UTC');
    q.rollups.track(ROLLED_UP);
    const ids = fill(crm).filter((id) => db.prepare(`SELECT stage FROM contacts WHERE id = ?`).pluck().get(id) !== 'lost');
    const pages = walPagesPer(db, file, ids.length, (i) => crm.moveStage(ids[i]!, 'lost', 'went quiet', STAFF));
    const rollups = pages.byTree.filter(
      (t) => t.name.startsWith('answer_') || t.name.startsWith('sqlite_autoindex_answer_') || t.name.includes('answer_combo'),
    );
    expect(rollups.map((t) => t.name).sort()).toEqual(['answer_day_reached', 'answer_stays']);
    // One page each per change (a leaf; now and then its parent on a split): however many questions the contact answered.
    for (const t of rollups) expect(t.pages, t.name).toBeLessThanOrEqual(1.2);
    db.close();
  });
});
