/**
 * The dashboard filtered on an answer, panel by panel, against a reference computed in plain TypeScript from the
 * contacts' own rows (their answers, stays, tags and outcomes): random small CRMs with later moves, tags, outcomes,
 * merges and erasures, each answer kind (a choice, one of several choices, yes/no, free text in any case).
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Activity } from '../../sync/schemas/activity.js';
import { applyCrmChanges } from '../../test/support/crm-changes.js';
import { answerFactsDrift, answeredReference as reference } from '../../test/support/answered-reference.js';
import { crmOnDb } from '../../test/support/crm-on-db.js';
import { DEFAULT_CRM_SETTINGS } from '../crm/defaults.js';
import type { FieldFilter } from '../crm/field-filter.js';
import { CrmQueries } from './crm-queries.js';
import { openDatabase } from './database.js';

const STAGES = DEFAULT_CRM_SETTINGS.stages.map((s) => s.id);
const TAGS = ['haircut', 'hair-coloring', 'styling', 'instagram', 'google'];
const SOURCES = ['kiosk-voice', 'kiosk-touch', 'simulate'];
const REASONS = ['haircut', 'hair-coloring', 'styling'];
const EXTRAS = ['wash', 'nails', 'brows'];
const NOTES = ['Latex allergy', 'LATEX ALLERGY', 'latex allergy ', 'Parking please'];

const FILTERS: FieldFilter[] = [
  { id: 'reason', text: 'haircut', match: 'exact' },
  { id: 'reason', text: 'styling', match: 'exact' },
  { id: 'extras', text: 'nails', match: 'anyOf' },
  { id: 'first_visit', text: 'true', match: 'exact' },
  { id: 'notes', text: 'latex allergy', match: 'caseless' },
  { id: 'reason', text: 'nobody-said-this', match: 'exact' },
];

const contact = fc.record({
  day: fc.nat(60),
  minute: fc.nat(1440),
  source: fc.nat(2),
  campaign: fc.option(fc.constantFrom('instagram', 'google', 'facebook'), { nil: null }),
  reason: fc.nat(REASONS.length - 1),
  extras: fc.subarray(EXTRAS),
  firstVisit: fc.option(fc.boolean(), { nil: null }),
  notes: fc.option(fc.constantFrom(...NOTES), { nil: null }),
  path: fc.array(fc.record({ stage: fc.nat(STAGES.length - 1), hours: fc.nat(400) }), { maxLength: 4 }),
  tags: fc.array(fc.boolean(), { minLength: TAGS.length, maxLength: TAGS.length }),
  outcome: fc.option(fc.record({ won: fc.boolean(), reason: fc.constantFrom('price', 'timing', 'no-response') }), { nil: null }),
});

const change = fc.record({ kind: fc.constantFrom('move', 'tag', 'untag', 'outcome', 'merge', 'erase', 'edit'), i: fc.nat(100), n: fc.nat(100) });

describe('dashboard filtered on an answer', () => {
  it('gives, in each panel, what the reference counts of the contacts who gave the answer, by day and by week', () => {
    fc.assert(
      fc.property(
        fc.array(contact, { maxLength: 40 }),
        fc.array(change, { maxLength: 15 }),
        fc.nat(50),
        // Ranges from a day to four months.
        fc.integer({ min: 1, max: 130 }),
        (contacts, changes, back, days) => {
          const db = openDatabase(':memory:');
          const crm = crmOnDb(db);
          const robot = { kind: 'robot' as const, id: null, name: 'Frontdesk' };
          const staff = { kind: 'staff' as const, id: null, name: 'Maya' };
          const origin = { kind: 'device' as const, id: 'dev-1' };
          const ids: string[] = [];
          for (const c of contacts) {
            const id = randomUUID();
            ids.push(id);
            let t = Date.UTC(2026, 0, 1) + c.day * 86_400_000 + c.minute * 60_000;
            const a = (type: Activity['type'], data: unknown, by: Activity['by'] = staff): Activity =>
              ({ id: randomUUID(), contactId: id, at: new Date(t).toISOString(), by, origin, type, data }) as Activity;
            const answers: Record<string, string | boolean | string[]> = { name: 'P', reason: REASONS[c.reason]! };
            if (c.extras.length) answers.extras = c.extras;
            if (c.firstVisit !== null) answers.first_visit = c.firstVisit;
            if (c.notes !== null) answers.notes = c.notes;
            const story: Activity[] = [
              a(
                'visit',
                {
                  visitId: randomUUID(),
                  channel: 'touch',
                  source: { channel: SOURCES[c.source], deviceId: 'dev-1', site: null, campaign: c.campaign },
                  answers,
                  transcript: [],
                  consent: null,
                  returning: false,
                  partial: false,
                },
                robot,
              ),
              a('stage-changed', { from: null, to: 'new-inquiry', note: 'Visit' }, robot),
            ];
            c.tags.forEach((on, k) => on && story.push(a('tag-added', { tag: TAGS[k], category: 'service', matched: null }, robot)));
            for (const step of c.path) {
              t += step.hours * 3_600_000 + 1;
              story.push(a('stage-changed', { from: null, to: STAGES[step.stage], note: 'on' }));
            }
            if (c.outcome) {
              t += 1;
              story.push(
                a('outcome', {
                  result: c.outcome.won ? 'won' : 'lost',
                  reason: c.outcome.won ? null : c.outcome.reason,
                  wellQualified: null,
                  objection: null,
                  note: null,
                }),
              );
            }
            crm.importStory(id, story, { enqueue: false });
          }
          applyCrmChanges(crm, ids, changes, {
            stages: STAGES,
            tags: TAGS,
            // A staff edit of an answer: another reason, or a note in another case.
            other: (id, ch) =>
              ch.n % 2 ? crm.editField(id, 'reason', REASONS[ch.n % REASONS.length]!, staff) : crm.editField(id, 'notes', NOTES[ch.n % NOTES.length]!, staff),
          });
          // Every answer carries its contact's day, source, campaign and outcome (migration 15), whatever happened since.
          expect(answerFactsDrift(db)).toEqual([]);
          const from = new Date(Date.UTC(2026, 0, 1) + back * 86_400_000).toISOString().slice(0, 10);
          const to = new Date(Date.UTC(2026, 0, 1) + (back + days) * 86_400_000).toISOString().slice(0, 10);
          const queries = new CrmQueries(db, 'UTC');
          const s = DEFAULT_CRM_SETTINGS;
          for (const granularity of ['day', 'week'] as const) {
            for (const f of FILTERS) {
              const r = { from, to, granularity };
              const want = reference(db, r, s, f);
              const got = queries.dashboard(r, s, f);
              const what = `${f.id} = ${f.text}, ${from}..${to} by ${granularity}`;
              expect(got.range, what).toEqual(r);
              expect(got.volume, what).toEqual(want.volume);
              expect(got.funnel, what).toEqual(want.funnel);
              // The average is summed in the same order as the reference's; the median exact.
              expect(got.timeInStage, what).toEqual(want.timeInStage);
              expect(got.topTags, what).toEqual(want.topTags);
              expect(got.outcomes, what).toEqual(want.outcomes);
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
