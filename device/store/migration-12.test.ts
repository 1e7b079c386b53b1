import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crmOnDb } from '../../test/support/crm-on-db.js';
import { activity, january, kioskVisit, queryPlan } from '../../test/support/migration-stories.js';
import type { FieldFilter } from '../crm/field-filter.js';
import type { CrmService } from '../crm/service.js';
import { CrmQueries } from './crm-queries.js';
import { checkIntegrity, openDatabase, schemaVersion, type Db } from './database.js';
import { MIGRATIONS } from './migrations.js';

const NOTES = ['Allergic to latex', 'allergic to LATEX', 'Running late', 'Allergic to latex, and nuts', 'ALLERGIC TO LATEX', 'Ünïcode Latex'];

/** Forty contacts over January, most with a free-text note (the same note in several cases), half with extras. */
function fill(crm: CrmService): string[] {
  const ids: string[] = [];
  for (let i = 0; i < 40; i++) {
    const id = randomUUID();
    const visit = kioskVisit(id, i, january(i % 28, 8 + (i % 10)));
    const answers = (visit.data as { answers: Record<string, unknown> }).answers;
    if (i % 5) answers.notes = NOTES[i % NOTES.length];
    if (i % 2) answers.extras = i % 4 === 1 ? ['wash', 'nails'] : ['nails'];
    crm.importStory(id, [visit, activity(id, 'stage-changed', { from: null, to: 'new-inquiry', note: 'Visit' }, january(i % 28, 8 + (i % 10)))], {
      enqueue: false,
    });
    ids.push(id);
  }
  return ids;
}

/** The filters the Leads screen sends (field-filter.ts), each read by the few-matches and the many-matches forms. */
const FILTERS: FieldFilter[] = [
  { id: 'notes', text: 'allergic to latex', match: 'caseless' },
  { id: 'notes', text: 'RUNNING LATE', match: 'caseless' },
  { id: 'notes', text: 'ünïcode latex', match: 'caseless' }, // SQLite's NOCASE folds ASCII only: no match
  { id: 'notes', text: 'Allergic', match: 'caseless' }, // whole answers, not a part: no match
  { id: 'reason', text: 'haircut', match: 'exact' },
  { id: 'extras', text: 'nails', match: 'anyOf' },
];

function lists(db: Db) {
  const out = [];
  for (const manyMatches of [3, 500]) {
    const q = new CrmQueries(db, 'UTC', { totalCap: 1000, manyMatches });
    for (const field of FILTERS)
      for (const page of [{}, { limit: 5, offset: 5 }, { stage: undefined, from: '2026-01-10', to: '2026-01-20' }]) {
        const r = q.list(page, { searchTags: [], field });
        out.push({ field, manyMatches, page, ids: r.rows.map((x) => x.id), total: r.total });
      }
  }
  return out;
}

describe('migration 12 (free-text answers by question in any case)', () => {
  it('adds the index on a database with data; the answer filter lists the same contacts, the free text read as one range of it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fd-m12-')), 'db.sqlite');
    const db11 = openDatabase(
      file,
      MIGRATIONS.filter((m) => m.version <= 11),
    );
    expect(schemaVersion(db11)).toBe(11);
    fill(crmOnDb(db11, { now: () => new Date('2026-02-01T12:00:00Z') }));
    const before = lists(db11);
    const total = (text: string) => before.find((x) => x.field.text === text && x.manyMatches === 500 && !('limit' in x.page) && !('from' in x.page))!.total;
    // The three cases of "allergic to latex", not the longer answer, not the non-ASCII one.
    const latexNotes = [...Array(40).keys()].filter((i) => i % 5 && NOTES[i % NOTES.length]!.toLowerCase() === 'allergic to latex').length;
    expect(latexNotes).toBe(16);
    expect(total('allergic to latex')).toBe(latexNotes);
    expect(total('ünïcode latex')).toBe(0);
    expect(total('Allergic')).toBe(0);
    expect(total('nails')).toBe(20);
    // Counted from the answers alone (no other filter) or contact by contact, the totals are a plain query's.
    const plain = (f: FieldFilter) =>
      (
        db11
          .prepare(
            `SELECT COUNT(*) AS n FROM contacts c WHERE EXISTS (SELECT 1 FROM contact_fields f ${f.match === 'anyOf' ? ', json_each(f.value_json) o' : ''}
             WHERE f.contact_id = c.id AND f.field_id = ? AND ${f.match === 'anyOf' ? 'o.value = ?' : `f.value_text = ?${f.match === 'caseless' ? ' COLLATE NOCASE' : ''}`})`,
          )
          .get(f.id, f.text) as { n: number }
      ).n;
    for (const x of before) if (!('from' in x.page)) expect(x.total, JSON.stringify(x.field)).toBe(plain(x.field));
    // Before, the free text's ids came from every answer to the question, each compared in any case.
    const ids = `SELECT f.contact_id AS id FROM contact_fields f WHERE f.field_id = ? AND f.value_text = ? COLLATE NOCASE LIMIT ?`;
    const plan11 = queryPlan(db11, ids, 'notes', 'allergic to latex', 500);
    db11.close();

    const db = openDatabase(
      file,
      MIGRATIONS.filter((m) => m.version <= 12),
    );
    expect(schemaVersion(db)).toBe(12);
    expect(checkIntegrity(db)).toEqual([]);
    db.exec('ANALYZE');
    expect(lists(db)).toEqual(before);
    // The ids the filter reads first: one range of the new index.
    expect(queryPlan(db, ids, 'notes', 'allergic to latex', 500)).toBe('SEARCH f USING INDEX contact_fields_caseless (field_id=? AND value_text=?)');
    expect(plan11).toMatch(/^SEARCH f USING INDEX contact_fields_\w+ \(field_id=\?\)$/);
    // Exact matches keep their byte-wise index.
    expect(queryPlan(db, `SELECT f.contact_id FROM contact_fields f WHERE f.field_id = ? AND f.value_text = ? LIMIT 9`, 'reason', 'haircut')).toMatch(
      /contact_fields_value \(field_id=\? AND value_text=\?\)/,
    );

    // An answer written after the migration is found by it, and one changed leaves it.
    const crm = crmOnDb(db, { now: () => new Date('2026-02-02T12:00:00Z') });
    const [, second] = fill(crm); // its note: 'allergic to LATEX'
    const q = new CrmQueries(db, 'UTC');
    const latex = () => q.list({ limit: 200 }, { searchTags: [], field: FILTERS[0]! }).rows.map((x) => x.id);
    expect(latex()).toHaveLength(2 * latexNotes);
    crm.editField(second!, 'notes', 'No allergies', { kind: 'staff', id: null, name: 'Maya' });
    expect(latex()).toHaveLength(2 * latexNotes - 1);
    expect(latex()).not.toContain(second);
    expect(checkIntegrity(db)).toEqual([]);
    db.close();
  });
});
