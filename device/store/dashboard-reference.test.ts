import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Activity } from '../../sync/schemas/activity.js';
import { expectTimeInStage } from '../../test/support/answered-reference.js';
import { applyCrmChanges } from '../../test/support/crm-changes.js';
import { dashboardStory, STORY_ARBITRARIES, STORY_STAGES, STORY_TAGS } from '../../test/support/dashboard-story.js';
import { crmOnDb } from '../../test/support/crm-on-db.js';
import { DEFAULT_CRM_SETTINGS } from '../crm/defaults.js';
import type { CountBy, CrmSettings, Dashboard } from '../crm/types.js';
import type { FieldFilter } from '../crm/field-filter.js';
import { CrmQueries, SHORT_RANGE_DAYS, timeInStageIndexFor } from './crm-queries.js';
import { openDatabase, type Db } from './database.js';

/**
 * The dashboard's queries as they were before migration 7 (plain joins and correlated counts over the contacts and
 * their stays): the reference the indexed, one-pass queries must match exactly.
 */
class ReferenceDashboard {
  constructor(private readonly db: Db) {}

  /** Lead volume by day or week (weeks start on Monday), by source channel and by campaign. */
  volume(r: Dashboard['range'], s: CrmSettings): Dashboard['volume'] {
    const period = r.granularity === 'week' ? `date(local_day, '-' || ((CAST(strftime('%w', local_day) AS INTEGER) + 6) % 7) || ' days')` : 'local_day';
    const byPeriod = this.counts(`SELECT ${period} AS key, COUNT(*) AS n FROM contacts WHERE ${IN_RANGE} GROUP BY key ORDER BY key`, r);
    const bySource = this.counts(`SELECT source_channel AS key, COUNT(*) AS n FROM contacts WHERE ${IN_RANGE} GROUP BY key ORDER BY n DESC, key`, r);
    const byCampaign = this.counts(
      `SELECT source_campaign AS key, COUNT(*) AS n FROM contacts WHERE ${IN_RANGE} GROUP BY key ORDER BY n DESC, key`,
      r,
      tagLabel(s),
    );
    return { byPeriod, bySource, byCampaign };
  }

  /** For each stage, in order: contacts of the range that ever entered it, and how many of those left it again. */
  funnel(r: Dashboard['range'], s: CrmSettings): Dashboard['funnel'] {
    const rows = this.db
      .prepare(
        `SELECT p.stage AS stage, COUNT(DISTINCT p.contact_id) AS reached, COUNT(DISTINCT CASE WHEN p.left_at IS NOT NULL THEN p.contact_id END) AS moved
         FROM contacts c JOIN stage_periods p ON p.contact_id = c.id WHERE c.${IN_RANGE} GROUP BY p.stage`,
      )
      .all(r.from, r.to) as { stage: string; reached: number; moved: number }[];
    const by = new Map(rows.map((x) => [x.stage, x]));
    return s.stages.map((st) => {
      const x = by.get(st.id);
      const reached = x?.reached ?? 0;
      const movedOn = x?.moved ?? 0;
      return { stage: stageRef(s, st.id), reached, movedOn, shareMovedOn: reached ? movedOn / reached : 0 };
    });
  }

  /** Completed stays that ended in the range, hours: average (not rounded, see expectTimeInStage) and median per stage. */
  timeInStage(r: Dashboard['range'], s: CrmSettings): Dashboard['timeInStage'] {
    // One index range (stage, left_at) per stage, not a scan of every stay.
    const ids = s.stages.map((x) => x.id);
    const stays = this.db
      .prepare(
        `SELECT stage, (julianday(left_at) - julianday(entered_at)) * 24 AS h FROM stage_periods
         WHERE stage IN (${ids.map(() => '?').join(', ')}) AND left_at >= ? AND left_at < date(?, '+1 day') ORDER BY stage, h`,
      )
      .all(...ids, r.from, r.to) as { stage: string; h: number }[];
    const byStage = new Map<string, number[]>();
    for (const x of stays) (byStage.get(x.stage) ?? byStage.set(x.stage, []).get(x.stage)!).push(x.h);
    return s.stages.map((st) => {
      const hs = byStage.get(st.id) ?? [];
      const mid = hs.length >> 1;
      return {
        stage: stageRef(s, st.id),
        contacts: hs.length,
        averageHours: hs.length ? hs.reduce((a, b) => a + b, 0) / hs.length : null,
        medianHours: hs.length ? round(hs.length % 2 ? hs[mid]! : (hs[mid - 1]! + hs[mid]!) / 2) : null,
      };
    });
  }

  topTags(r: Dashboard['range'], s: CrmSettings): Dashboard['topTags'] {
    const cat = new Map(s.taxonomy.flatMap((c) => c.tags.map((t) => [t.id, c.id] as const)));
    const label = tagLabel(s);
    return (
      this.db
        .prepare(
          `SELECT t.tag AS tag, COUNT(*) AS n FROM contacts c JOIN contact_tags t ON t.contact_id = c.id WHERE c.${IN_RANGE}
           GROUP BY t.tag ORDER BY n DESC, t.tag LIMIT 20`,
        )
        .all(r.from, r.to) as { tag: string; n: number }[]
    ).map((x) => ({ id: x.tag, name: label(x.tag), category: cat.get(x.tag) ?? '', count: x.n }));
  }

  /** Won, lost, loss reasons, and per source and campaign: leads, sales qualified (or further), won, lost. */
  outcomes(r: Dashboard['range'], s: CrmSettings): Dashboard['outcomes'] {
    const oc = this.db
      .prepare(`SELECT outcome AS key, COUNT(*) AS n FROM contacts WHERE ${IN_RANGE} AND outcome IS NOT NULL GROUP BY outcome`)
      .all(r.from, r.to) as {
      key: 'won' | 'lost';
      n: number;
    }[];
    const reasonName = (k: string | null) => (k === null ? '(none)' : (s.outcomeReasons.find((x) => x.id === k)?.name ?? k));
    const lossReasons = this.counts(
      `SELECT outcome_reason AS key, COUNT(*) AS n FROM contacts WHERE ${IN_RANGE} AND outcome = 'lost' GROUP BY key ORDER BY n DESC, key`,
      r,
      reasonName,
    );
    const sq = s.stages.findIndex((x) => x.id === 'sales-qualified');
    // Sales qualified or any stage after it on the way to a sale (Lost is not one).
    const qualified = sq >= 0 ? s.stages.slice(sq).flatMap((x) => (x.id === 'lost' ? [] : [x.id])) : [];
    const marks = qualified.map(() => '?').join(', ') || "''";
    const per = (col: 'source_channel' | 'source_campaign', labelOf: (k: string | null) => string) =>
      (
        this.db
          .prepare(
            `SELECT ${col} AS key, COUNT(*) AS leads, SUM(outcome = 'won') AS won, SUM(outcome = 'lost') AS lost,
                    SUM(EXISTS (SELECT 1 FROM stage_periods p WHERE p.contact_id = c.id AND p.stage IN (${marks}))) AS sq
             FROM contacts c WHERE ${IN_RANGE} GROUP BY key ORDER BY leads DESC, key`,
          )
          .all(...qualified, r.from, r.to) as { key: string | null; leads: number; won: number; lost: number; sq: number }[]
      ).map((x) => ({ key: x.key ?? '', label: labelOf(x.key), leads: x.leads, salesQualified: x.sq ?? 0, won: x.won ?? 0, lost: x.lost ?? 0 }));
    return {
      won: oc.find((x) => x.key === 'won')?.n ?? 0,
      lost: oc.find((x) => x.key === 'lost')?.n ?? 0,
      lossReasons,
      bySource: per('source_channel', (k) => k ?? '(none)'),
      byCampaign: per('source_campaign', tagLabel(s)),
    };
  }

  private counts(sql: string, r: Dashboard['range'], labelOf: (k: string | null) => string = (k) => k ?? '(none)'): CountBy[] {
    return (this.db.prepare(sql).all(r.from, r.to) as { key: string | null; n: number }[]).map((x) => ({
      key: x.key ?? '',
      label: labelOf(x.key),
      count: x.n,
    }));
  }
}

const IN_RANGE = `local_day BETWEEN ? AND ?`;

function tagLabel(s: CrmSettings): (key: string | null) => string {
  const names = new Map(s.taxonomy.flatMap((c) => c.tags.map((t) => [t.id, t.name] as const)));
  return (key) => (key === null ? '(none)' : (names.get(key) ?? key));
}

function stageRef(s: CrmSettings, id: string) {
  const st = s.stages.find((x) => x.id === id)!;
  return { id: st.id, name: st.name, definition: st.definition };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

const STAGES = STORY_STAGES;
const TAGS = STORY_TAGS;
const contact = fc.record(STORY_ARBITRARIES);

const change = fc.record({ kind: fc.constantFrom('move', 'tag', 'untag', 'outcome', 'merge', 'erase'), i: fc.nat(100), n: fc.nat(100) });

describe('dashboard at scale', () => {
  it('each panel gives what the plain queries gave, by day and by week', () => {
    fc.assert(
      fc.property(
        fc.array(contact, { maxLength: 40 }),
        fc.array(change, { maxLength: 15 }),
        fc.nat(50),
        fc.integer({ min: 1, max: 70 }),
        (contacts, changes, back, days) => {
          const db = openDatabase(':memory:');
          const crm = crmOnDb(db);
          // Everyone answers a yes/no question the form rolls up (migration 17): filtered on it, every panel is the whole's.
          const everyone: FieldFilter = { id: 'first_visit', text: 'true', match: 'exact' };
          new CrmQueries(db, 'UTC').rollups.track(['first_visit']);
          const ids: string[] = [];
          for (const c of contacts) {
            const id = randomUUID();
            ids.push(id);
            crm.importStory(id, dashboardStory(id, c, { name: 'P', first_visit: true }), { enqueue: false });
          }
          // Later changes through the service (the rollups of migration 9 follow each one): stage moves, tags, outcomes,
          // merges and erasures. A refused change (criteria unmet, a contact already gone) changes nothing.
          applyCrmChanges(crm, ids, changes, { stages: STAGES, tags: TAGS });
          const from = new Date(Date.UTC(2026, 0, 1) + back * 86_400_000).toISOString().slice(0, 10);
          const to = new Date(Date.UTC(2026, 0, 1) + (back + days) * 86_400_000).toISOString().slice(0, 10);
          const reference = new ReferenceDashboard(db);
          const queries = new CrmQueries(db, 'UTC');
          for (const granularity of ['day', 'week'] as const) {
            const r = { from, to, granularity };
            const s = DEFAULT_CRM_SETTINGS;
            expect(queries.volume(r, s)).toEqual(reference.volume(r, s));
            expect(queries.funnel(r, s)).toEqual(reference.funnel(r, s));
            // Both indexes time in stage can read (migration 11: by when a stay ended; migration 9: by its length) give
            // the reference's panel, and each other's exactly, whichever the range's length would pick.
            const byEnd = queries.timeInStage(r, s, 'stage_periods_ended');
            expectTimeInStage(byEnd, reference.timeInStage(r, s));
            expect(queries.timeInStage(r, s, 'stage_periods_hours')).toEqual(byEnd);
            expect(queries.timeInStage(r, s)).toEqual(byEnd);
            // The dashboard's own panel reads the daily summary (migration 13; time-in-stage-days.test.ts).
            expectTimeInStage(queries.dashboard(r, s).timeInStage, reference.timeInStage(r, s));
            expect(queries.topTags(r, s)).toEqual(reference.topTags(r, s));
            expect(queries.outcomes(r, s)).toEqual(reference.outcomes(r, s));
            const filtered = queries.dashboard(r, s, everyone, ['first_visit']);
            expect(queries.answerers(r, everyone, ['first_visit']).combos).toBeDefined();
            expect(filtered.volume).toEqual(reference.volume(r, s));
            expect(filtered.funnel).toEqual(reference.funnel(r, s));
            expectTimeInStage(filtered.timeInStage, reference.timeInStage(r, s));
            expect(filtered.topTags).toEqual(reference.topTags(r, s));
            expect(filtered.outcomes).toEqual(reference.outcomes(r, s));
          }
          db.close();
        },
      ),
      { numRuns: 40 },
    );
  });

  it('time in stage over thousands of stays: the median exact, the average within 1e-9 of a left-to-right sum', () => {
    const db = openDatabase(':memory:');
    const crm = crmOnDb(db);
    // Everyone answers a yes/no question rolled up: the filtered panel, from the rollups' buckets, is the whole's.
    new CrmQueries(db, 'UTC').rollups.track(['first_visit']);
    const robot = { kind: 'robot' as const, id: null, name: 'Frontdesk' };
    const origin = { kind: 'device' as const, id: 'dev-1' };
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    // 3,001 contacts stay in New inquiry (an odd count), 2,000 of them move on from Sales qualified (an even count);
    // stays of up to ~40 days to the millisecond, one in five exactly an hour (tied stays).
    for (let i = 0; i < 3001; i++) {
      const id = randomUUID();
      let t = Date.UTC(2026, 0, 1) + Math.floor(rnd() * 300) * 86_400_000;
      const a = (type: Activity['type'], data: unknown): Activity =>
        ({ id: randomUUID(), contactId: id, at: new Date(t).toISOString(), by: robot, origin, type, data }) as Activity;
      const stay = () => (t += i % 5 === 0 ? 3_600_000 : Math.floor(rnd() * 40 * 86_400_000) + 1);
      const story = [
        a('visit', {
          visitId: randomUUID(),
          channel: 'touch',
          source: { channel: 'kiosk-touch', deviceId: 'dev-1', site: null, campaign: null },
          answers: { name: 'P', first_visit: true },
          transcript: [],
          consent: null,
          returning: false,
          partial: false,
        }),
        a('stage-changed', { from: null, to: 'new-inquiry', note: 'Visit' }),
      ];
      stay();
      story.push(a('stage-changed', { from: null, to: 'sales-qualified', note: 'on' }));
      if (i < 2000) {
        stay();
        story.push(a('stage-changed', { from: null, to: 'customer', note: 'on' }));
      }
      crm.importStory(id, story, { enqueue: false });
    }
    const r = { from: '2026-01-01', to: '2027-12-31', granularity: 'day' as const };
    const queries = new CrmQueries(db, 'UTC');
    const reference = new ReferenceDashboard(db);
    const got = queries.timeInStage(r, DEFAULT_CRM_SETTINGS);
    const want = reference.timeInStage(r, DEFAULT_CRM_SETTINGS);
    expectTimeInStage(got, want);
    const of = (id: string) => got.find((x) => x.stage.id === id)!;
    expect([of('new-inquiry').contacts, of('sales-qualified').contacts]).toEqual([3001, 2000]);
    // The two indexes on the same stays: the whole span, short ranges (one with tied stays, one a single day), a range
    // where no stay ended, and one that ends before it starts.
    const ranges = [
      r,
      { from: '2026-03-01', to: '2026-03-30', granularity: 'day' as const },
      { from: '2026-06-15', to: '2026-06-15', granularity: 'day' as const },
      { from: '2025-01-01', to: '2025-03-31', granularity: 'day' as const },
      { from: '2026-05-10', to: '2026-05-01', granularity: 'day' as const },
    ];
    for (const range of ranges) {
      const byEnd = queries.timeInStage(range, DEFAULT_CRM_SETTINGS, 'stage_periods_ended');
      expectTimeInStage(byEnd, reference.timeInStage(range, DEFAULT_CRM_SETTINGS));
      const everyone = queries.dashboard(range, DEFAULT_CRM_SETTINGS, { id: 'first_visit', text: 'true', match: 'exact' }, ['first_visit']);
      expectTimeInStage(everyone.timeInStage, reference.timeInStage(range, DEFAULT_CRM_SETTINGS), `filtered ${range.from}..${range.to}`);
      expect(queries.timeInStage(range, DEFAULT_CRM_SETTINGS, 'stage_periods_hours'), `${range.from}..${range.to}`).toEqual(byEnd);
    }
    const month = queries.timeInStage(ranges[1]!, DEFAULT_CRM_SETTINGS);
    expect(month.find((x) => x.stage.id === 'sales-qualified')!.contacts).toBeGreaterThan(100);
    expect(queries.timeInStage(ranges[3]!, DEFAULT_CRM_SETTINGS).every((x) => x.contacts === 0 && x.averageHours === null && x.medianHours === null)).toBe(
      true,
    );
    db.close();
  });

  it('time in stage reads a range of up to 90 days by when its stays ended, a longer one by their length', () => {
    const days = (from: string, to: string) => timeInStageIndexFor({ from, to });
    expect(days('2026-01-01', '2026-01-30')).toBe('stage_periods_ended');
    expect(days('2026-01-01', '2026-03-31')).toBe('stage_periods_ended'); // 90 days
    expect(days('2026-01-01', '2026-04-01')).toBe('stage_periods_hours'); // 91 days
    expect(days('2025-01-01', '2025-12-31')).toBe('stage_periods_hours');
    expect(SHORT_RANGE_DAYS).toBe(90);
    // Only the two index names reach the SQL.
    const db = openDatabase(':memory:');
    const r = { from: '2026-01-01', to: '2026-01-30', granularity: 'day' as const };
    expect(() => new CrmQueries(db, 'UTC').timeInStage(r, DEFAULT_CRM_SETTINGS, 'contacts_recent; DROP TABLE contacts' as never)).toThrow(/unknown index/);
    db.close();
  });
});
