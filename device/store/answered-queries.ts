/**
 * The dashboard's rows for the contacts who gave one answer (device/crm/field-filter.ts checks it): the same rows the
 * daily rollups of migration 9 hold for every contact, so crm-queries.ts sums both alike. A rollup counts all of a
 * day's contacts and knows nothing of their answers; these read the answering contacts' own rows instead. The answers
 * carry their contact's day, source, campaign and outcome (migration 15): the answering contacts of a range are one
 * range of contact_fields_answers, counted by those facts from its entries alone (volume, outcomes); the panels of
 * stages and tags look each of them up by key in their own narrow tables, or, for a question rolled up (a choice or
 * yes/no: migration 17, answered-rollups.ts), sum the rollups of the combos of answers that hold it.
 */
import type { FieldFilter } from '../crm/field-filter.js';
import { answerRows, type AnswerRows } from './answer-match.js';
import { AnsweredRollups, type AnswerCombos } from './answered-rollups.js';
import type { Db } from './database.js';
import { StatementCache } from './statement-cache.js';

/** The contacts created in a dashboard's days who gave the answer: what each panel reads them by. */
export interface AnsweredContacts {
  readonly filter: FieldFilter;
  readonly from: string;
  readonly to: string;
  /**
   * How many (the panels skip their reads when none). Not counted when the rollups answer (`combos`): the panels read
   * only a few rows each then, and counting a third of 100,000 contacts in the index took longer than any of them.
   */
  readonly count?: number;
  /**
   * One option of several choices: their ids as a JSON array, found once. Each of their answers' JSON is read to
   * check it, which every panel would do again (at 100k, a year of "nails": 1.6 s for the dashboard instead of 1.0).
   */
  readonly ids?: string;
  /** The combos of answers that hold it, when the rollups of migration 17 answer it (answered-rollups.ts). */
  readonly combos?: AnswerCombos;
}

/** A crm_day_contacts row (NULL keys as NULL, not ''). */
export interface DayContactsRow {
  day: string;
  source: string | null;
  campaign: string | null;
  outcome: 'won' | 'lost' | null;
  reason: string | null;
  n: number;
}

export class AnsweredQueries {
  private readonly statements: StatementCache;
  readonly rollups: AnsweredRollups;

  constructor(db: Db) {
    this.statements = new StatementCache(db);
    this.rollups = new AnsweredRollups(db);
  }

  /**
   * The answering contacts created in the days (inclusive): counted in the index, each panel reads them again. With
   * `combos` (answered-rollups.ts), the panels of stages and tags read the rollups instead.
   */
  match(r: { from: string; to: string }, filter: FieldFilter, combos?: AnswerCombos | null): AnsweredContacts {
    if (combos) return { filter, from: r.from, to: r.to, combos };
    const m = this.rows(r, filter);
    if (filter.match === 'anyOf') {
      const ids = this.statements
        .get(`SELECT a.contact_id FROM ${m.from} WHERE ${m.where}`)
        .pluck()
        .all(...m.args) as string[];
      return { filter, from: r.from, to: r.to, count: ids.length, ids: JSON.stringify(ids) };
    }
    const count = this.statements
      .get(`SELECT COUNT(*) FROM ${m.from} WHERE ${m.where}`)
      .pluck()
      .get(...m.args) as number;
    return { filter, from: r.from, to: r.to, count };
  }

  private rows(r: { from: string; to: string }, filter: FieldFilter): AnswerRows {
    return answerRows(filter, { alias: 'a', days: r });
  }

  /** The answering contacts' ids, as SQL (for `contact_id IN (...)`) and its arguments. */
  private ids(a: AnsweredContacts): { sql: string; args: string[] } {
    if (a.ids !== undefined) return { sql: `SELECT value FROM json_each(?)`, args: [a.ids] };
    const m = this.rows(a, a.filter);
    return { sql: `SELECT a.contact_id FROM ${m.from} WHERE ${m.where}`, args: m.args };
  }

  /** Their contacts by day, source, campaign, outcome and loss reason (crm_day_contacts' rows). */
  dayContacts(a: AnsweredContacts): DayContactsRow[] {
    if (a.count === 0) return [];
    // The answers' own copy of their contact's facts: an exact or free-text answer's from the index's entries alone;
    // an option's found once, each answer read by its key.
    const m =
      a.ids === undefined
        ? this.rows(a, a.filter)
        : { from: 'contact_fields a', where: `a.field_id = ? AND a.contact_id IN (SELECT value FROM json_each(?))`, args: [a.filter.id, a.ids] };
    return this.statements
      .get(
        `SELECT a.local_day AS day, a.source_channel AS source, a.source_campaign AS campaign, a.outcome AS outcome, a.outcome_reason AS reason, COUNT(*) AS n
         FROM ${m.from} WHERE ${m.where} GROUP BY 1, 2, 3, 4, 5`,
      )
      .all(...m.args) as DayContactsRow[];
  }

  /** Per stage: how many of them reached it, and how many of those moved on (crm_day_stages' sums). */
  stages(a: AnsweredContacts): { stage: string; reached: number; moved: number }[] {
    if (a.count === 0) return [];
    if (a.combos) return this.rollups.stages(a.combos, a);
    const ids = this.ids(a);
    return this.statements
      .get(`SELECT stage, COUNT(*) AS reached, SUM(moved) AS moved FROM contact_stages WHERE contact_id IN (${ids.sql}) GROUP BY stage`)
      .all(...ids.args) as { stage: string; reached: number; moved: number }[];
  }

  /** Them by source, campaign and the set of stages they reached (crm_day_reached's rows, summed over the days). */
  reached(a: AnsweredContacts): { source: string | null; campaign: string | null; stages: string; n: number }[] {
    if (a.count === 0) return [];
    if (a.combos) return this.rollups.reached(a.combos, a);
    const ids = this.ids(a);
    return this.statements
      .get(
        `SELECT nullif(source_channel, '') AS source, nullif(source_campaign, '') AS campaign, stages, COUNT(*) AS n
         FROM contact_reached WHERE contact_id IN (${ids.sql}) GROUP BY 1, 2, 3`,
      )
      .all(...ids.args) as { source: string | null; campaign: string | null; stages: string; n: number }[];
  }

  /**
   * Their twenty most given tags, most first (crm_day_tags' sums). From the (contact, tag) key alone: every tag row
   * carries its contact's day (the store writes it, migration 7 filled the older rows), which the rollup counts by.
   */
  topTags(a: AnsweredContacts): { tag: string; n: number }[] {
    if (a.count === 0) return [];
    if (a.combos) return this.rollups.topTags(a.combos, a);
    const ids = this.ids(a);
    return this.statements
      .get(`SELECT tag, COUNT(*) AS n FROM contact_tags WHERE contact_id IN (${ids.sql}) GROUP BY tag ORDER BY n DESC, tag LIMIT 20`)
      .all(...ids.args) as { tag: string; n: number }[];
  }

  /**
   * The lengths (hours) of the stays that ended in the days, of every contact who gave the answer (whenever created,
   * as time in stage counts stays by when they ended), by stage, shortest first. The range's ended stays of each stage
   * from the (stage, left_at, hours, contact) index (migration 15), each contact looked up in the set of the answer's
   * (built once from the answers' index): no stay's row read. Reading the answering contacts' stays by contact instead
   * (a seek each, then the row) was slower at every length timed at 100,000 contacts with a third answering: 30 days
   * 263 / 66 ms, 180 days 361 / 158, 365 days 723 / 486 (p50, machine at load 11).
   */
  stays(r: { from: string; to: string }, filter: FieldFilter, stages: readonly string[]): Map<string, number[]> {
    if (!stages.length) return new Map();
    // Every contact who gave it, whenever they came.
    const m = answerRows(filter);
    const rows = this.statements
      .get(
        `SELECT p.stage AS stage, p.hours AS hours FROM stage_periods p INDEXED BY stage_periods_ended
         WHERE p.stage IN (${stages.map(() => '?').join(', ')}) AND p.hours IS NOT NULL AND p.left_at >= ? AND p.left_at < date(?, '+1 day')
           AND +p.contact_id IN (SELECT f.contact_id FROM ${m.from} WHERE ${m.where}) ORDER BY p.stage, p.hours`,
      )
      .all(...stages, r.from, r.to, ...m.args) as { stage: string; hours: number }[];
    const by = new Map<string, number[]>();
    for (const x of rows) (by.get(x.stage) ?? by.set(x.stage, []).get(x.stage)!).push(x.hours);
    return by;
  }
}
