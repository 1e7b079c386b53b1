/**
 * The dashboard's rows for the contacts who gave one answer (device/crm/field-filter.ts checks it): the same rows the
 * daily rollups of migration 9 hold for every contact, so crm-queries.ts sums both alike. A rollup counts all of a
 * day's contacts and knows nothing of their answers; these read the answering contacts' own rows instead, found once
 * per dashboard (`match`) and handed to each panel as one JSON parameter (one statement whatever the count).
 */
import type { FieldFilter } from '../crm/field-filter.js';
import type { Db } from './database.js';
import { StatementCache } from './statement-cache.js';

/** The contacts created in a dashboard's days who gave the answer: found once, read by every panel. */
export interface AnsweredContacts {
  readonly filter: FieldFilter;
  readonly count: number;
  /** Their ids and their contacts rows' rowids, as JSON arrays. */
  readonly ids: string;
  readonly rowids: string;
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

/** The contacts who gave the answer, as SQL returning `contact_id`: the list's own test of an answer (crm-queries.ts). */
export function answerSql(f: FieldFilter): { sql: string; args: string[] } {
  // Several choices are a JSON array: the option among others. Free text: equal in any case.
  const sql =
    f.match === 'anyOf'
      ? `SELECT f.contact_id FROM contact_fields f, json_each(f.value_json) o WHERE f.field_id = ? AND o.value = ?`
      : `SELECT f.contact_id FROM contact_fields f WHERE f.field_id = ? AND f.value_text = ?${f.match === 'caseless' ? ' COLLATE NOCASE' : ''}`;
  return { sql, args: [f.id, f.text] };
}

const IDS = `(SELECT value FROM json_each(?))`;

export class AnsweredQueries {
  private readonly statements: StatementCache;

  constructor(db: Db) {
    this.statements = new StatementCache(db);
  }

  /** The answering contacts created in the days (inclusive). */
  match(r: { from: string; to: string }, filter: FieldFilter): AnsweredContacts {
    const answer = answerSql(filter);
    // Each answer's contact probed by key in contact_reached (one narrow row per contact, with its day: migration 9),
    // then its rowid in the contacts' id index; the wide contacts rows are never read.
    const rows = this.statements
      .get(
        `SELECT c.rowid AS rowid, r.contact_id AS id FROM contact_reached r CROSS JOIN contacts c ON c.id = r.contact_id
         WHERE r.contact_id IN (${answer.sql}) AND r.local_day BETWEEN ? AND ?`,
      )
      .all(...answer.args, r.from, r.to) as { rowid: number; id: string }[];
    return { filter, count: rows.length, ids: JSON.stringify(rows.map((x) => x.id)), rowids: JSON.stringify(rows.map((x) => x.rowid)) };
  }

  /** Their contacts by day, source, campaign, outcome and loss reason (crm_day_contacts' rows). */
  dayContacts(r: { from: string; to: string }, a: AnsweredContacts): DayContactsRow[] {
    if (!a.count) return [];
    // The days' range of the (day, source, campaign, outcome, reason) index, kept to the answering contacts' rowids.
    return this.statements
      .get(
        `SELECT local_day AS day, source_channel AS source, source_campaign AS campaign, outcome, outcome_reason AS reason, COUNT(*) AS n
         FROM contacts INDEXED BY contacts_day_facts WHERE local_day BETWEEN ? AND ? AND rowid IN ${IDS} GROUP BY 1, 2, 3, 4, 5`,
      )
      .all(r.from, r.to, a.rowids) as DayContactsRow[];
  }

  /** Per stage: how many of them reached it, and how many of those moved on (crm_day_stages' sums). */
  stages(a: AnsweredContacts): { stage: string; reached: number; moved: number }[] {
    if (!a.count) return [];
    return this.statements
      .get(`SELECT stage, COUNT(*) AS reached, SUM(moved) AS moved FROM contact_stages WHERE contact_id IN ${IDS} GROUP BY stage`)
      .all(a.ids) as { stage: string; reached: number; moved: number }[];
  }

  /** Them by source, campaign and the set of stages they reached (crm_day_reached's rows, summed over the days). */
  reached(a: AnsweredContacts): { source: string | null; campaign: string | null; stages: string; n: number }[] {
    if (!a.count) return [];
    return this.statements
      .get(
        `SELECT nullif(source_channel, '') AS source, nullif(source_campaign, '') AS campaign, stages, COUNT(*) AS n
         FROM contact_reached WHERE contact_id IN ${IDS} GROUP BY 1, 2, 3`,
      )
      .all(a.ids) as { source: string | null; campaign: string | null; stages: string; n: number }[];
  }

  /** Their twenty most given tags, most first (crm_day_tags' sums: tag rows with a day only). */
  topTags(a: AnsweredContacts): { tag: string; n: number }[] {
    if (!a.count) return [];
    return this.statements
      .get(`SELECT tag, COUNT(*) AS n FROM contact_tags WHERE contact_id IN ${IDS} AND local_day IS NOT NULL GROUP BY tag ORDER BY n DESC, tag LIMIT 20`)
      .all(a.ids) as { tag: string; n: number }[];
  }

  /**
   * The lengths (hours) of the stays that ended in the days, of every contact who gave the answer (whenever created,
   * as time in stage counts stays by when they ended), by stage, shortest first.
   */
  stays(r: { from: string; to: string }, filter: FieldFilter): Map<string, number[]> {
    const answer = answerSql(filter);
    const rows = this.statements
      .get(
        `SELECT p.stage AS stage, p.hours AS hours FROM stage_periods p
         WHERE p.contact_id IN (${answer.sql}) AND p.hours IS NOT NULL AND p.left_at >= ? AND p.left_at < date(?, '+1 day') ORDER BY p.stage, p.hours`,
      )
      .all(...answer.args, r.from, r.to) as { stage: string; hours: number }[];
    const by = new Map<string, number[]>();
    for (const x of rows) (by.get(x.stage) ?? by.set(x.stage, []).get(x.stage)!).push(x.hours);
    return by;
  }
}
