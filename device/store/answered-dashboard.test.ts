/**
 * The dashboard filtered on an answer, panel by panel, against a reference computed in plain TypeScript from the
 * contacts' own rows (their answers, stays, tags and outcomes): random small CRMs with later moves, tags, outcomes,
 * answer edits, returning visits, merges, erasures and changes of the questions rolled up (the form's choice and
 * yes/no questions: a question changing type, a new one), each answer kind (a choice, one of several choices, yes/no,
 * free text in any case), on the rollups of migration 17 where they answer and on the plain path.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyCrmChanges } from '../../test/support/crm-changes.js';
import { answerFactsDrift, answeredReference as reference, expectTimeInStage, rollupDrift } from '../../test/support/answered-reference.js';
import { crmOnDb } from '../../test/support/crm-on-db.js';
import { dashboardStory, STORY_ARBITRARIES, STORY_STAGES as STAGES, STORY_TAGS as TAGS } from '../../test/support/dashboard-story.js';
import { DEFAULT_CRM_SETTINGS } from '../crm/defaults.js';
import type { FieldFilter } from '../crm/field-filter.js';
import type { CrmFieldValue } from '../crm/types.js';
import { CrmQueries } from './crm-queries.js';
import { openDatabase } from './database.js';

const REASONS = ['haircut', 'hair-coloring', 'styling'];
const EXTRAS = ['wash', 'nails', 'brows'];
const NOTES = ['Latex allergy', 'LATEX ALLERGY', 'latex allergy ', 'Parking please'];
const HEARD = ['friend', 'instagram'];

const FILTERS: FieldFilter[] = [
  { id: 'reason', text: 'haircut', match: 'exact' },
  { id: 'reason', text: 'styling', match: 'exact' },
  { id: 'extras', text: 'nails', match: 'anyOf' },
  { id: 'first_visit', text: 'true', match: 'exact' },
  { id: 'notes', text: 'latex allergy', match: 'caseless' },
  // The notes question become a choice (rolled up when the config says so).
  { id: 'notes', text: 'Latex allergy', match: 'exact' },
  // A question added to the form after the first visits.
  { id: 'heard_from', text: 'friend', match: 'exact' },
  { id: 'reason', text: 'nobody-said-this', match: 'exact' },
];
/** Questions a config may roll up (its choice and yes/no ones): `questions` picks some of them. */
const QUESTIONS = ['reason', 'extras', 'first_visit', 'notes', 'heard_from'];

const contact = fc.record({
  ...STORY_ARBITRARIES,
  reason: fc.nat(REASONS.length - 1),
  extras: fc.subarray(EXTRAS),
  firstVisit: fc.option(fc.boolean(), { nil: null }),
  notes: fc.option(fc.constantFrom(...NOTES), { nil: null }),
});

const change = fc.record({
  kind: fc.constantFrom('move', 'tag', 'untag', 'outcome', 'merge', 'erase', 'edit', 'visit', 'config'),
  i: fc.nat(100),
  n: fc.nat(100),
});

/** The phone of generated contact i (a returning visit finds the contact by it). */
const phoneOf = (i: number) => `+1415555${String(1000 + i)}`;

describe('dashboard filtered on an answer', () => {
  it('gives, in each panel, what the reference counts of the contacts who gave the answer, by day and by week, rolled up or not', () => {
    fc.assert(
      fc.property(
        fc.array(contact, { maxLength: 40 }),
        fc.array(change, { maxLength: 20 }),
        fc.subarray(QUESTIONS),
        fc.nat(50),
        // Ranges from a day to four months.
        fc.integer({ min: 1, max: 130 }),
        (contacts, changes, questions, back, days) => {
          const db = openDatabase(':memory:');
          // Later changes happen in February, among the stories (a late activity re-projects its contact).
          let clock = Date.UTC(2026, 1, 10);
          const crm = crmOnDb(db, { now: () => new Date((clock += 3_600_000)) });
          const queries = new CrmQueries(db, 'UTC');
          const staff = { kind: 'staff' as const, id: null, name: 'Maya' };
          let rolledUp = questions;
          // Rolled up from the start (an empty list too: none kept until a config names some).
          queries.rollups.track(rolledUp);
          const ids: string[] = [];
          contacts.forEach((c, i) => {
            const id = randomUUID();
            ids.push(id);
            const answers: Record<string, CrmFieldValue> = { name: 'P', phone: phoneOf(i), reason: REASONS[c.reason]! };
            if (c.extras.length) answers.extras = c.extras;
            if (c.firstVisit !== null) answers.first_visit = c.firstVisit;
            if (c.notes !== null) answers.notes = c.notes;
            crm.importStory(id, dashboardStory(id, c, answers), { enqueue: false });
          });
          applyCrmChanges(crm, ids, changes, {
            stages: STAGES,
            tags: TAGS,
            other: (id, ch) => {
              if (ch.kind === 'edit') {
                // A staff edit of an answer: another reason, a note in another case, other extras, first visit or not.
                const k = ch.n % 4;
                if (k === 0) crm.editField(id, 'reason', REASONS[ch.n % REASONS.length]!, staff);
                else if (k === 1) crm.editField(id, 'notes', NOTES[ch.n % NOTES.length]!, staff);
                else if (k === 2)
                  crm.editField(
                    id,
                    'extras',
                    EXTRAS.filter((_, j) => (ch.n >> j) & 1),
                    staff,
                  );
                else crm.editField(id, 'first_visit', ch.n % 8 < 4, staff);
              } else if (ch.kind === 'visit') {
                // A visit: the contact returning (found by its phone) with other answers, or someone new.
                const i = ch.n % (contacts.length + 3);
                crm.recordVisit({
                  visitId: randomUUID(),
                  channel: 'touch',
                  sourceChannel: ch.n % 2 ? 'kiosk-touch' : 'kiosk-voice',
                  answers: { name: `V${i}`, phone: phoneOf(i), reason: REASONS[ch.i % REASONS.length]!, heard_from: HEARD[ch.n % HEARD.length]! },
                  transcript: [],
                  consent: null,
                });
              } else if (ch.kind === 'config') {
                // The form changed which questions are choices: the next dashboard rebuilds the rollups.
                rolledUp = QUESTIONS.filter((_, j) => (ch.n >> j) & 1);
                queries.rollups.track(rolledUp);
              }
            },
          });
          // Every answer carries its contact's day, source, campaign and outcome (migration 15), whatever happened since;
          // the rollups kept by the triggers are what a rebuild from the contacts' rows gives (migration 17).
          expect(answerFactsDrift(db)).toEqual([]);
          expect(rollupDrift(db, queries.rollups)).toEqual({ kept: [], rebuilt: [] });
          const from = new Date(Date.UTC(2026, 0, 1) + back * 86_400_000).toISOString().slice(0, 10);
          const to = new Date(Date.UTC(2026, 0, 1) + (back + days) * 86_400_000).toISOString().slice(0, 10);
          const s = DEFAULT_CRM_SETTINGS;
          for (const granularity of ['day', 'week'] as const) {
            for (const f of FILTERS) {
              const r = { from, to, granularity };
              const want = reference(db, r, s, f);
              const what = `${f.id} = ${f.text}, ${from}..${to} by ${granularity}`;
              // The rollups answer a filter on a question rolled up, but free text in any case.
              const rolled = rolledUp.includes(f.id) && f.match !== 'caseless';
              expect(queries.answerers(r, f, rolledUp).combos !== undefined, what).toBe(rolled);
              for (const got of [queries.dashboard(r, s, f, rolledUp), queries.dashboard(r, s, f)]) {
                expect(got.range, what).toEqual(r);
                expect(got.volume, what).toEqual(want.volume);
                expect(got.funnel, what).toEqual(want.funnel);
                // The median exact; the average summed in another order from the rollups (within 1e-9 of the reference's).
                expectTimeInStage(got.timeInStage, want.timeInStage, what);
                expect(got.topTags, what).toEqual(want.topTags);
                expect(got.outcomes, what).toEqual(want.outcomes);
              }
            }
          }
          db.close();
        },
      ),
      { numRuns: 40 },
    );
  });

  it('with an answer everyone gave, every panel is the unfiltered one', () => {
    const db = openDatabase(':memory:');
    let t = Date.parse('2026-03-02T09:00:00Z');
    const crm = crmOnDb(db, { now: () => new Date(t) });
    const staff = { kind: 'staff' as const, id: null, name: 'Maya' };
    for (let i = 0; i < 12; i++) {
      const id = crm.recordVisit({
        visitId: `v${i}`,
        channel: 'touch',
        sourceChannel: i % 3 ? 'kiosk-touch' : 'kiosk-voice',
        answers: { name: `P${i}`, phone: `+1415555020${i % 10}${i >= 10 ? 1 : 0}`, reason: REASONS[i % 3]!, first_visit: true, consent: true },
        transcript: [],
        consent: null,
      }).contactId;
      t += 3 * 3_600_000;
      if (i % 2) crm.recordOutcome(id, { result: i % 4 === 1 ? 'won' : 'lost', reason: i % 4 === 1 ? null : 'price' }, staff);
    }
    const queries = new CrmQueries(db, 'UTC');
    const r = { from: '2026-01-01', to: '2027-01-01', granularity: 'week' as const };
    const everyone = queries.dashboard(r, DEFAULT_CRM_SETTINGS, { id: 'first_visit', text: 'true', match: 'exact' });
    const unfiltered = queries.dashboard(r, DEFAULT_CRM_SETTINGS);
    expect(everyone).toEqual(unfiltered);
    // The same from the rollups (the form's first-visit question rolled up).
    expect(queries.dashboard(r, DEFAULT_CRM_SETTINGS, { id: 'first_visit', text: 'true', match: 'exact' }, ['first_visit'])).toEqual(unfiltered);
    expect(everyone.outcomes.won + everyone.outcomes.lost).toBe(6);
    // Nobody: every panel empty, each stage still listed.
    const nobody = queries.dashboard(r, DEFAULT_CRM_SETTINGS, { id: 'first_visit', text: 'false', match: 'exact' });
    expect(nobody.volume).toEqual({ byPeriod: [], bySource: [], byCampaign: [] });
    expect(nobody.funnel.map((x) => x.reached)).toEqual(STAGES.map(() => 0));
    expect(nobody.timeInStage.every((x) => x.contacts === 0 && x.averageHours === null)).toBe(true);
    expect([nobody.topTags, nobody.outcomes.lossReasons, nobody.outcomes.bySource]).toEqual([[], [], []]);
    db.close();
  });
});
