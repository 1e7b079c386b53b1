/**
 * The leads list filtered on one answer, on the real CRM and SQLite: a choice by its value or label, several choices
 * (the answer holds the option among others), yes/no, a number; unknown fields and values refused with what to use.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteOutbox } from '../../sync/outbox.js';
import { DEFAULT_FIELDS } from '../config/schema.js';
import { parseConfig } from '../config/load.js';
import { CrmQueries } from '../store/crm-queries.js';
import { openDatabase } from '../store/database.js';
import { CrmError } from './errors.js';
import { fieldFilterOf } from './field-filter.js';
import { crmServiceFor } from './for-config.js';

const extra = [
  {
    id: 'extras',
    kind: 'multichoice',
    label: 'Anything else?',
    prompt: 'Anything else?',
    required: false,
    choices: [
      { value: 'wash', label: 'Hair wash' },
      { value: 'nails', label: 'Nails' },
    ],
  },
  { id: 'first_visit', kind: 'yesno', label: 'First time here?', prompt: 'First time here?', required: false },
  { id: 'guests', kind: 'number', label: 'Guests', prompt: 'How many?', required: false, min: 1, max: 10 },
  { id: 'notes', kind: 'text', label: 'Anything we should know?', prompt: 'Anything we should know?', required: false },
];
const config = parseConfig({ intake: { fields: [...DEFAULT_FIELDS, ...extra] } });

function crmWithLeads() {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'fd-field-filter-')), 'db.sqlite'));
  let t = Date.parse('2026-03-01T10:00:00Z');
  const crm = crmServiceFor(
    db,
    new SqliteOutbox(db),
    () => config,
    () => new Date((t += 1000)),
  );
  const at = new Date().toISOString();
  const lead = (n: number, answers: Record<string, string | boolean | number | string[]>) =>
    crm.recordVisit({
      visitId: `v-${n}`,
      channel: 'touch',
      sourceChannel: 'kiosk-touch',
      answers: { name: `P${n}`, phone: `+1415555030${n}`, email: `p${n}@example.com`, consent: true, ...answers },
      transcript: [],
      consent: { given: true, text: config.intake.consentText, version: 'v1', channel: 'touch', language: 'en', at },
    }).contactId;
  const a = lead(1, { reason: 'haircut', extras: ['wash', 'nails'], first_visit: true, guests: 2, notes: 'Allergic to latex' });
  const b = lead(2, { reason: 'hair-coloring', extras: ['nails'], first_visit: false, guests: 3 });
  const c = lead(3, { reason: 'haircut' });
  return { crm, db, a, b, c };
}

function refusal(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (err) {
    if (err instanceof CrmError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('not refused');
}

describe('leads filtered on an answer', () => {
  it('match a choice by value or label, one of several choices, yes/no, a number and free text in any case, combined with other filters', () => {
    const { crm, a, b, c } = crmWithLeads();
    const ids = (id: string, value: string, more = {}) => crm.list({ field: { id, value }, ...more }).items.map((x) => x.id);
    expect(ids('reason', 'haircut')).toEqual([c, a]);
    expect(ids('reason', ' hair COLORING ')).toEqual([b]);
    expect(ids('extras', 'nails')).toEqual([b, a]);
    expect(ids('extras', 'Hair wash')).toEqual([a]);
    expect(ids('first_visit', 'yes')).toEqual([a]);
    expect(ids('first_visit', 'No')).toEqual([b]);
    expect(ids('guests', '3')).toEqual([b]);
    expect(ids('notes', ' allergic TO latex ')).toEqual([a]);
    expect(ids('notes', 'latex')).toEqual([]);
    expect(ids('reason', 'styling')).toEqual([]);
    expect(ids('reason', 'haircut', { search: 'P3' })).toEqual([c]);
    expect(crm.list({ field: { id: 'reason', value: 'haircut' }, limit: 1 })).toMatchObject({ total: 2 });
  });

  it('find the same leads whether few contacts gave the answer (read by the list of matches) or many (probed newest first)', () => {
    const { db, a, b, c } = crmWithLeads();
    const few = new CrmQueries(db, 'UTC');
    const many = new CrmQueries(db, 'UTC', { totalCap: 1000, manyMatches: 1 });
    const cases: [string, string, string[]][] = [
      ['reason', 'haircut', [c, a]],
      ['extras', 'nails', [b, a]],
      ['notes', 'ALLERGIC to latex', [a]],
      ['first_visit', 'no', [b]],
      ['reason', 'styling', []],
    ];
    for (const [id, value, expected] of cases) {
      const field = fieldFilterOf(config.intake.fields, { id, value }, 'US');
      for (const queries of [few, many]) {
        const page = queries.list({}, { searchTags: [], field });
        expect(page.rows.map((r) => r.id)).toEqual(expected);
        expect(page.total).toBe(expected.length);
        expect(queries.list({ search: 'P1' }, { searchTags: [], field }).rows.map((r) => r.id)).toEqual(expected.filter((x) => x === a));
      }
    }
  });

  it('filter the dashboard with the same check, naming the answer as staff read it', () => {
    const { crm } = crmWithLeads();
    const dash = (id: string, value: string) => crm.dashboard({ from: '2026-01-01', to: '2026-12-31', field: { id, value } });
    const nails = dash('extras', 'Nails');
    expect(nails.answer).toEqual({ field: 'extras', label: 'Anything else?', value: 'nails', shown: 'Nails' });
    expect(nails.volume.bySource).toEqual([{ key: 'kiosk-touch', label: 'kiosk-touch', count: 2 }]);
    expect(dash('first_visit', 'no').answer).toMatchObject({ value: 'false', shown: 'No' });
    expect(dash('first_visit', 'no').volume.bySource[0]!.count).toBe(1);
    expect(dash('notes', ' allergic TO latex ').answer).toMatchObject({ value: 'allergic TO latex', shown: 'allergic TO latex' });
    expect(dash('reason', 'Haircut').funnel.find((f) => f.stage.id === 'new-inquiry')!.reached).toBe(2);
    expect(crm.dashboard({ from: '2026-01-01', to: '2026-12-31' }).answer).toBeNull();
    for (const [id, value, code] of [
      ['colour', 'red', 'unknown_field'],
      ['reason', 'perm', 'invalid_value'],
      ['guests', 'two', 'invalid_value'],
    ] as const) {
      const refused = refusal(() => dash(id, value));
      expect(refused.code).toBe(code);
      expect(refused).toEqual(refusal(() => crm.list({ field: { id, value } })));
    }
  });

  it('refuse an unknown field, an option the field lacks, and values of the wrong kind, saying what to use', () => {
    const { crm } = crmWithLeads();
    const filter = (id: string, value: string) => refusal(() => crm.list({ field: { id, value } }));
    expect(filter('colour', 'red')).toEqual({
      code: 'unknown_field',
      message:
        'There is no field "colour". The fields are: name, phone, email, reason, heard_from, contact_method, consent, extras, first_visit, guests, notes.',
    });
    expect(filter('reason', 'perm')).toEqual({
      code: 'invalid_value',
      message:
        '"What brings you in today?" is one of Haircut (haircut), Hair coloring (hair-coloring), Styling (styling) and Something else (other), not "perm".',
    });
    expect(filter('first_visit', 'maybe')).toEqual({ code: 'invalid_value', message: '"First time here?" is yes or no, not "maybe".' });
    expect(filter('guests', 'two')).toEqual({ code: 'invalid_value', message: '"Guests" is a number, not "two".' });
    expect(filter('guests', '  ')).toEqual({ code: 'invalid_value', message: 'Give a value to filter "Guests" on.' });
  });
});
