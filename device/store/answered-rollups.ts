/**
 * The dashboard filtered on a choice or yes/no answer, from the rollups of migration 17 (answered-rollup-schema.ts):
 * the funnel, top tags and the sales-qualified part of outcomes read the day rows of the combos that hold the answer
 * (a few thousand over a year), time in stage their ended stays by bucket of length (one row per stay: ~60,000 over a
 * year for a third of 100,000 contacts, counted in key order, the median's bucket alone sorted), where the plain path
 * (answered-queries.ts) looks each answering contact up in its own tables (200-450 ms a panel over a year at load ~10,
 * crm-answered bench). Volume and outcomes still count the answers' index (migration 15). Used only for the questions
 * rolled up (the config's choice, multiple-choice, yes/no and consent questions, `track`) and an exact or
 * one-of-several match; free text stays on the plain path (its answers are as many as its contacts: a rollup of them
 * would be the contacts again).
 */
import type { FieldFilter } from '../crm/field-filter.js';
import type { Db } from './database.js';
import { StatementCache } from './statement-cache.js';
import { stayBucketSql } from './stay-buckets.js';

/** The combos that hold an answer: their ids as a JSON array, read by `combo_id IN (SELECT value FROM json_each(?))`. */
export type AnswerCombos = string;

const IN_COMBOS = `combo_id IN (SELECT value FROM json_each(?))`;

export class AnsweredRollups {
  private readonly statements: StatementCache;

  constructor(private readonly db: Db) {
    this.statements = new StatementCache(db);
  }

  /** The questions rolled up now, by id. */
  questions(): string[] {
    return this.statements.get(`SELECT field_id FROM answer_questions ORDER BY field_id`).pluck().all() as string[];
  }

  /**
   * Rolls up these questions (the config's choice and yes/no ones) and no others: when they differ from the ones
   * rolled up, every rollup is rebuilt from the contacts' rows in one transaction (a second or two at 100,000
   * contacts; once per change of the form's questions). Returns whether it rebuilt.
   */
  track(ids: readonly string[]): boolean {
    const want = [...new Set(ids)].sort();
    const have = this.questions();
    if (want.length === have.length && want.every((x, i) => x === have[i])) return false;
    const list = JSON.stringify(want);
    this.db.transaction(() => {
      // With no question rolled up no trigger keeps anything: the tables are emptied and filled in bulk, then the
      // questions named, from which point the triggers keep them.
      this.db.exec(`DELETE FROM answer_questions; DELETE FROM contact_answer_combos; DELETE FROM answer_combo_values; DELETE FROM answer_combos;
        DELETE FROM answer_day_reached; DELETE FROM answer_day_tags; DELETE FROM answer_stays;
        CREATE TEMP TABLE IF NOT EXISTS answer_combo_build (contact_id TEXT PRIMARY KEY, answers TEXT NOT NULL) WITHOUT ROWID;
        DELETE FROM temp.answer_combo_build;`);
      // The same combo as the triggers compute (answered-rollup-schema.ts comboOf), for every contact at once.
      this.db
        .prepare(
          `INSERT INTO temp.answer_combo_build SELECT contact_id, json_group_array(json_array(field_id, value_text, json(value_json)) ORDER BY field_id)
           FROM contact_fields WHERE field_id IN (SELECT value FROM json_each(?)) GROUP BY contact_id`,
        )
        .run(list);
      this.db.exec(`
        INSERT INTO answer_combos (answers) SELECT DISTINCT answers FROM temp.answer_combo_build ORDER BY answers;
        INSERT INTO answer_combo_values (field_id, value_text, combo_id, value_json)
          SELECT j.value ->> 0, j.value ->> 1, k.id, j.value -> 2 FROM answer_combos k, json_each(k.answers) j WHERE j.value ->> 1 IS NOT NULL;
        INSERT INTO contact_answer_combos (contact_id, combo_id) SELECT b.contact_id, k.id FROM temp.answer_combo_build b JOIN answer_combos k ON k.answers = b.answers;
        INSERT INTO answer_day_reached (combo_id, local_day, stage, source_channel, source_campaign, stages, n, moved)
          SELECT k.combo_id, s.local_day, s.stage, '', '', '', COUNT(*), SUM(s.moved) FROM contact_stages s JOIN contact_answer_combos k ON k.contact_id = s.contact_id
          GROUP BY 1, 2, 3;
        INSERT INTO answer_day_reached (combo_id, local_day, stage, source_channel, source_campaign, stages, n, moved)
          SELECT k.combo_id, r.local_day, '', r.source_channel, r.source_campaign, r.stages, COUNT(*), 0 FROM contact_reached r
          JOIN contact_answer_combos k ON k.contact_id = r.contact_id GROUP BY 1, 2, 4, 5, 6;
        INSERT INTO answer_day_tags (combo_id, local_day, tag, n)
          SELECT k.combo_id, t.local_day, t.tag, COUNT(*) FROM contact_tags t JOIN contact_answer_combos k ON k.contact_id = t.contact_id
          WHERE t.local_day IS NOT NULL GROUP BY 1, 2, 3;
        INSERT INTO answer_stays (combo_id, stage, bucket, left_at, hours, n)
          SELECT k.combo_id, p.stage, ${stayBucketSql('p.hours')}, p.left_at, p.hours, COUNT(*) FROM stage_periods p
          JOIN contact_answer_combos k ON k.contact_id = p.contact_id WHERE p.hours IS NOT NULL AND p.left_at IS NOT NULL GROUP BY 1, 2, 3, 4, 5;
        DELETE FROM temp.answer_combo_build;`);
      this.db.prepare(`INSERT INTO answer_questions (field_id) SELECT value FROM json_each(?)`).run(list);
    })();
    return true;
  }

  /**
   * The combos that hold the answer, or null when the rollups cannot answer it (a question not rolled up, or free
   * text in any case): the same match as answer-match.ts, on each combo's stored texts and values.
   */
  combos(f: FieldFilter): AnswerCombos | null {
    if (f.match === 'caseless') return null;
    if (!this.statements.get(`SELECT 1 FROM answer_questions WHERE field_id = ?`).get(f.id)) return null;
    const ids = (
      f.match === 'anyOf'
        ? this.statements
            .get(
              `SELECT DISTINCT combo_id FROM answer_combo_values WHERE field_id = ? AND EXISTS (SELECT 1 FROM json_each(value_json) o WHERE o.value = ?) ORDER BY 1`,
            )
            .pluck()
            .all(f.id, f.text)
        : this.statements.get(`SELECT combo_id FROM answer_combo_values WHERE field_id = ? AND value_text = ? ORDER BY 1`).pluck().all(f.id, f.text)
    ) as number[];
    return JSON.stringify(ids);
  }

  /** Per stage: how many of the combos' contacts of the days reached it, and how many of those moved on. */
  stages(combos: AnswerCombos, r: { from: string; to: string }): { stage: string; reached: number; moved: number }[] {
    return this.statements
      .get(
        `SELECT stage, SUM(n) AS reached, SUM(moved) AS moved FROM answer_day_reached
         WHERE ${IN_COMBOS} AND local_day BETWEEN ? AND ? AND stage <> '' GROUP BY stage`,
      )
      .all(combos, r.from, r.to) as { stage: string; reached: number; moved: number }[];
  }

  /** Them by source, campaign and the set of stages they reached (NULL for none, as answered-queries.ts `reached`). */
  reached(combos: AnswerCombos, r: { from: string; to: string }): { source: string | null; campaign: string | null; stages: string; n: number }[] {
    return this.statements
      .get(
        `SELECT nullif(source_channel, '') AS source, nullif(source_campaign, '') AS campaign, stages, SUM(n) AS n FROM answer_day_reached
         WHERE ${IN_COMBOS} AND local_day BETWEEN ? AND ? AND stage = '' GROUP BY 1, 2, 3`,
      )
      .all(combos, r.from, r.to) as { source: string | null; campaign: string | null; stages: string; n: number }[];
  }

  /** Their twenty most given tags, most first. */
  topTags(combos: AnswerCombos, r: { from: string; to: string }): { tag: string; n: number }[] {
    return this.statements
      .get(
        `SELECT tag, SUM(n) AS n FROM answer_day_tags WHERE ${IN_COMBOS} AND local_day BETWEEN ? AND ?
         GROUP BY tag ORDER BY n DESC, tag LIMIT 20`,
      )
      .all(combos, r.from, r.to) as { tag: string; n: number }[];
  }

  /**
   * Per stage, the stays that ended in the days, of every contact of the combos (whenever they came): how many, their
   * lengths summed (hours; SQLite's sums, which compensate their rounding, added bucket by bucket: within 1e-12 or so
   * of a plain left-to-right sum) and the median length (exact: the middle stay's own, or the mean of the middle two).
   * Counted per bucket of length, combo by combo (each read in its key's order: no sort), then the middle one or two
   * read from their buckets alone, sorted.
   */
  stayStats(combos: AnswerCombos, r: { from: string; to: string }, stages: readonly string[]): Map<string, StayStats> {
    const out = new Map<string, StayStats>();
    if (!stages.length) return out;
    const ends = `left_at >= ? AND left_at < date(?, '+1 day')`;
    const buckets = this.statements
      .get(
        `SELECT stage, bucket, SUM(n) AS n, SUM(n * hours) AS sum FROM answer_stays WHERE combo_id = ? AND stage IN (${stages.map(() => '?').join(', ')})
           AND ${ends} GROUP BY stage, bucket`,
      )
      .raw();
    const by = new Map<string, Map<number, { n: number; sum: number }>>();
    for (const combo of JSON.parse(combos) as number[])
      for (const [stage, bucket, n, sum] of buckets.all(combo, ...stages, r.from, r.to) as [string, number, number, number][]) {
        const m = by.get(stage) ?? by.set(stage, new Map()).get(stage)!;
        const x = m.get(bucket) ?? m.set(bucket, { n: 0, sum: 0 }).get(bucket)!;
        x.n += n;
        x.sum += sum;
      }
    const middle = this.statements
      .get(`SELECT hours, n FROM answer_stays WHERE ${IN_COMBOS} AND stage = ? AND bucket BETWEEN ? AND ? AND ${ends} ORDER BY hours`)
      .raw();
    for (const stage of stages) {
      const rows = [...(by.get(stage) ?? new Map<number, { n: number; sum: number }>())].sort(([a], [b]) => a - b);
      let n = 0;
      let sum = 0;
      for (const [, x] of rows) {
        n += x.n;
        sum += x.sum;
      }
      if (!n) {
        out.set(stage, { n: 0, sumHours: 0, medianHours: null });
        continue;
      }
      // The middle stay (odd count) or the middle two (even), counted from the shortest, and the buckets holding them.
      const first = (n - 1) >> 1;
      const last = first + 1 - (n % 2);
      let before = 0;
      let from = -1;
      let to = -1;
      let seen = 0;
      for (const [bucket, x] of rows) {
        if (from < 0 && seen + x.n > first) {
          from = bucket;
          before = seen;
        }
        if (seen + x.n > last) {
          to = bucket;
          break;
        }
        seen += x.n;
      }
      const mid: number[] = [];
      let k = before;
      for (const [hours, count] of middle.all(combos, stage, from, to, r.from, r.to) as [number, number][]) {
        for (let c = 0; c < count && k <= last; c++, k++) if (k >= first) mid.push(hours);
        if (k > last) break;
      }
      out.set(stage, { n, sumHours: sum, medianHours: mid.length === 1 ? mid[0]! : (mid[0]! + mid[1]!) / 2 });
    }
    return out;
  }
}

/** A stage's ended stays in a range (`stayStats`). */
export interface StayStats {
  n: number;
  sumHours: number;
  medianHours: number | null;
}
