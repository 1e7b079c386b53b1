/**
 * Time in stage (the dashboard's unfiltered panel) from the daily summary of ended stays (migration 13,
 * crm_day_stays): per stage, the range's days' rows give how many stays ended and their lengths summed, by bucket of
 * length (stay-buckets.ts). The median is a stay's own length: the buckets' counts say which bucket holds the middle
 * one and how many shorter stays come before it, and only that bucket's stays are read from an index of ended stays,
 * from the bucket's floor. A year's panel reads a few thousand summary rows and one bucket's stays instead of every
 * ended stay of the stage twice.
 */
import type { Db } from './database.js';
import { STAY_BUCKET_BOUNDS, stayBucketFloor } from './stay-buckets.js';
import { StatementCache } from './statement-cache.js';

/** A stage's ended stays in a range: how many, their mean length and the median length (hours; null: none). */
export interface StayStats {
  n: number;
  meanHours: number | null;
  medianHours: number | null;
}

/** The indexes of ended stays a median can be read from (migrations 9 and 11). */
export type StayIndex = 'stage_periods_hours' | 'stage_periods_ended';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const BUCKETS = Array.from({ length: STAY_BUCKET_BOUNDS.length + 1 }, (_, k) => k).join(', ');

export class TimeInStageDays {
  private readonly statements: StatementCache;

  constructor(db: Db) {
    this.statements = new StatementCache(db);
  }

  /**
   * Each stage's stays that ended from `from` to `to` (inclusive days, compared with when the stay ended as the panel
   * always has: `left_at >= from AND left_at < date(to, '+1 day')`), or null when a bound is not a day (YYYY-MM-DD):
   * the summary's rows are whole days, and with day bounds the range is exactly a set of them (a stay's left_at
   * compares with a ten-character bound as its first ten characters do), or when the summary and the stays disagree.
   * The median read from `index`.
   */
  stats(r: { from: string; to: string }, stages: readonly string[], index: StayIndex): Map<string, StayStats> | null {
    if (!DAY.test(r.from) || !DAY.test(r.to)) return null;
    // Every bucket named, so each is one range of the key (stage, bucket, day) and they come in order, summed as read.
    const buckets = this.statements.get(
      `SELECT bucket, SUM(n) AS n, SUM(ms) AS ms FROM crm_day_stays WHERE stage = ? AND bucket IN (${BUCKETS}) AND day >= ? AND day < date(?, '+1 day')
       GROUP BY bucket ORDER BY bucket`,
    );
    // An index's name cannot be a bound parameter: only the two known names reach the SQL.
    if (index !== 'stage_periods_hours' && index !== 'stage_periods_ended') throw new TypeError(`TimeInStageDays: unknown index ${JSON.stringify(index)}`);
    const stays = `FROM stage_periods INDEXED BY ${index} WHERE stage = ? AND hours IS NOT NULL AND left_at >= ? AND left_at < date(?, '+1 day')`;
    const fromFloor = this.statements.get(`SELECT hours ${stays} AND hours >= ? ORDER BY hours LIMIT ? OFFSET ?`).pluck();
    const fromShortest = this.statements.get(`SELECT hours ${stays} ORDER BY hours LIMIT ? OFFSET ?`).pluck();
    const out = new Map<string, StayStats>();
    for (const stage of stages) {
      const rows = buckets.all(stage, r.from, r.to) as { bucket: number; n: number; ms: number }[];
      let n = 0;
      let ms = 0;
      for (const b of rows) {
        n += b.n;
        ms += b.ms;
      }
      if (!n) {
        out.set(stage, { n: 0, meanHours: null, medianHours: null });
        continue;
      }
      // The middle stay (odd count) or the first of the middle two (even), counted from the shortest.
      const middle = (n - 1) >> 1;
      let before = 0;
      let bucket = rows[0]!.bucket;
      for (const b of rows) {
        bucket = b.bucket;
        if (before + b.n > middle) break;
        before += b.n;
      }
      const floor = stayBucketFloor(bucket);
      const take = 2 - (n % 2);
      // The second of two middle stays may be in a later bucket: the read goes on past the bucket's top.
      const mid = (
        floor === null ? fromShortest.all(stage, r.from, r.to, take, middle) : fromFloor.all(stage, r.from, r.to, floor, take, middle - before)
      ) as number[];
      // Never seen (the summary is kept in the stays' own transactions); if it were, the caller reads the stays instead.
      if (mid.length !== take) return null;
      out.set(stage, { n, meanHours: ms / 3_600_000 / n, medianHours: take === 1 ? mid[0]! : (mid[0]! + mid[1]!) / 2 });
    }
    return out;
  }
}
