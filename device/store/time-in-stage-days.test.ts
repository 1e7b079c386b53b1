/**
 * Time in stage from the daily summary of ended stays (migration 13) against the plain query over every stay, after
 * stage moves, late activities (a re-fold that rewrites stays), merges and erasures; and the summary's rows against a
 * count made afresh from the stays.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Activity } from '../../sync/schemas/activity.js';
import { applyCrmChanges } from '../../test/support/crm-changes.js';
import { crmOnDb } from '../../test/support/crm-on-db.js';
import { DEFAULT_CRM_SETTINGS } from '../crm/defaults.js';
import type { Dashboard } from '../crm/types.js';
import { CrmQueries } from './crm-queries.js';
import { openDatabase, type Db } from './database.js';
import { STAY_BUCKET_BOUNDS, stayBucketOf, stayBucketSql, stayMsSql } from './stay-buckets.js';

const STAGES = DEFAULT_CRM_SETTINGS.stages.map((s) => s.id);
const robot = { kind: 'robot' as const, id: null, name: 'Frontdesk' };
const staff = { kind: 'staff' as const, id: null, name: 'Maya' };
const origin = { kind: 'device' as const, id: 'dev-1' };
const round = (n: number) => Math.round(n * 10) / 10;

/** The panel as a plain query computes it: every stay that ended in the range, its length from its two times. */
function reference(db: Db, r: { from: string; to: string }): { id: string; n: number; mean: number | null; median: number | null }[] {
  const hs = db
    .prepare(
      `SELECT stage, (julianday(left_at) - julianday(entered_at)) * 24 AS h FROM stage_periods
       WHERE left_at >= ? AND left_at < date(?, '+1 day') ORDER BY stage, h`,
    )
    .all(r.from, r.to) as { stage: string; h: number }[];
  return STAGES.map((id) => {
    const xs = hs.filter((x) => x.stage === id).map((x) => x.h);
    const mid = xs.length >> 1;
    return {
      id,
      n: xs.length,
      mean: xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null,
      median: xs.length ? round(xs.length % 2 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2) : null,
    };
  });
}

/**
 * Stages, counts and medians exact. The average is the tenth that a mean within 1e-7 hours (0.36 ms) of the
 * reference's rounds to: the summary sums each stay's exact milliseconds, the reference hours from julianday(), a
 * day count whose last bit is ~0.04 ms, so a mean exactly on a half-tenth (stays of whole minutes: 3.25 hours) rounds
 * up from the summary and either way from the reference.
 */
function expectReference(got: Dashboard['timeInStage'], want: ReturnType<typeof reference>): void {
  expect(got.map((x) => ({ id: x.stage.id, n: x.contacts, median: x.medianHours }))).toEqual(want.map(({ id, n, median }) => ({ id, n, median })));
  got.forEach((x, i) => {
    const mean = want[i]!.mean;
    if (mean === null) expect(x.averageHours).toBeNull();
    else expect([round(mean - 1e-7), round(mean + 1e-7)], `average hours in ${x.stage.id}`).toContain(x.averageHours);
  });
}

/** The summary's rows, and the same counted afresh from the stays: equal after any change (integers, exact). */
function summaryAndRecount(db: Db) {
  const summary = db.prepare(`SELECT stage, day, bucket, n, ms FROM crm_day_stays ORDER BY stage, day, bucket`).all();
  const recount = db
    .prepare(
      `SELECT stage, substr(left_at, 1, 10) AS day, ${stayBucketSql('hours')} AS bucket, COUNT(*) AS n, SUM(${stayMsSql('hours')}) AS ms
       FROM stage_periods WHERE hours IS NOT NULL AND left_at IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    )
    .all();
  return { summary, recount };
}

/** A stay's length in minutes: often one of a few (ties, and lengths on the buckets' bounds: 45, 90, 180 min), else any. */
const minutes = fc.oneof(fc.constantFrom(0, 1, 45, 60, 90, 180, 1440, 2880), fc.nat(60 * 24 * 40));
const contact = fc.record({
  day: fc.nat(60),
  minute: fc.nat(1440),
  path: fc.array(fc.record({ stage: fc.nat(STAGES.length - 1), minutes }), { maxLength: 4 }),
});
const change = fc.record({ kind: fc.constantFrom('move', 'late', 'merge', 'erase'), i: fc.nat(100), n: fc.nat(100), minutes });

describe('time in stage from the daily summary of ended stays', () => {
  it('equals the plain query over every stay, and the summary a fresh count, after moves, late activities, merges and erasures', () => {
    fc.assert(
      fc.property(
        fc.array(contact, { maxLength: 30 }),
        fc.array(change, { maxLength: 12 }),
        fc.nat(70),
        fc.integer({ min: -5, max: 70 }),
        (contacts, changes, back, days) => {
          const db = openDatabase(':memory:');
          let clock = Date.UTC(2026, 2, 15);
          const crm = crmOnDb(db, { now: () => new Date((clock += 60_000)) });
          const ids: string[] = [];
          const act = (id: string, at: number, type: Activity['type'], data: unknown, by: Activity['by'] = staff): Activity =>
            ({ id: randomUUID(), contactId: id, at: new Date(at).toISOString(), by, origin, type, data }) as Activity;
          for (const c of contacts) {
            const id = randomUUID();
            ids.push(id);
            let t = Date.UTC(2026, 0, 1) + c.day * 86_400_000 + c.minute * 60_000;
            const story: Activity[] = [
              act(
                id,
                t,
                'visit',
                {
                  visitId: randomUUID(),
                  channel: 'touch',
                  source: { channel: 'kiosk-touch', deviceId: 'dev-1', site: null, campaign: null },
                  answers: { name: 'P' },
                  transcript: [],
                  consent: null,
                  returning: false,
                  partial: false,
                },
                robot,
              ),
              act(id, t, 'stage-changed', { from: null, to: 'new-inquiry', note: 'Visit' }, robot),
            ];
            for (const step of c.path) {
              t += step.minutes * 60_000;
              story.push(act(id, t, 'stage-changed', { from: null, to: STAGES[step.stage], note: 'on' }));
            }
            crm.importStory(id, story, { enqueue: false });
          }
          applyCrmChanges(crm, ids, changes, {
            stages: STAGES,
            // A stage change that happened earlier than the story's end, arriving now (sync): the stays are folded anew.
            other: (id, ch) => {
              if (ch.kind === 'late')
                crm.importStory(
                  id,
                  [act(id, Date.UTC(2026, 0, 1) + ch.minutes * 60_000, 'stage-changed', { from: null, to: STAGES[ch.n % STAGES.length], note: 'late' })],
                  { enqueue: false },
                );
            },
          });
          const { summary, recount } = summaryAndRecount(db);
          expect(summary).toEqual(recount);

          const day = (k: number) => new Date(Date.UTC(2026, 0, 1) + k * 86_400_000).toISOString().slice(0, 10);
          // The property's range (inverted when `days` is negative), one day, a range before any stay, the whole span.
          const ranges = [
            { from: day(back), to: day(back + days) },
            { from: day(back), to: day(back) },
            { from: '2025-06-01', to: '2025-06-30' },
            { from: '2025-12-01', to: '2026-12-31' },
          ];
          const q = new CrmQueries(db, 'UTC');
          for (const range of ranges) {
            const r = { ...range, granularity: 'day' as const };
            const want = reference(db, r);
            for (const index of ['stage_periods_hours', 'stage_periods_ended'] as const) {
              const got = q.timeInStageByDay(r, DEFAULT_CRM_SETTINGS, index);
              expect(got).not.toBeNull();
              expectReference(got!, want);
            }
            // What the dashboard shows: the same panel.
            expectReference(q.dashboard(r, DEFAULT_CRM_SETTINGS).timeInStage, want);
            if (range.from > range.to) expect(want.every((x) => x.n === 0)).toBe(true);
          }
          db.close();
        },
      ),
      { numRuns: 60 },
    );
  });

  it('puts each length in the bucket SQLite does, the bounds included; a range whose bounds are not days is left to the stays', () => {
    const db = openDatabase(':memory:');
    const sql = db.prepare(`WITH x(h) AS (SELECT ?) SELECT ${stayBucketSql('h')} AS b FROM x`).pluck();
    const lengths = [-1, 0, 1e-9, ...STAY_BUCKET_BOUNDS.flatMap((b) => [b, b - 1e-9, b * (1 - 1e-15), b + 1e-9]), 1e6];
    for (const h of lengths) expect(sql.get(h), `${h} hours`).toBe(stayBucketOf(h));
    expect(stayBucketOf(0)).toBe(0);
    expect(stayBucketOf(1)).toBe(13);
    expect(stayBucketOf(1e6)).toBe(STAY_BUCKET_BOUNDS.length);
    const q = new CrmQueries(db, 'UTC');
    expect(q.timeInStageByDay({ from: '2026-01-01T12:00', to: '2026-01-31', granularity: 'day' }, DEFAULT_CRM_SETTINGS)).toBeNull();
    expect(() => q.timeInStageByDay({ from: '2026-01-01', to: '2026-01-31', granularity: 'day' }, DEFAULT_CRM_SETTINGS, 'contacts_recent' as never)).toThrow(
      /unknown index/,
    );
    db.close();
  });
});
