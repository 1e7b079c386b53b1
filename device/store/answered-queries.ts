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
  // Several choices are a JSON array: the option among others. Free text: equal in any case. An exact answer is
  // equal in any case too (implied, so the same rows): an index of the answers in any case that holds the contact
  // (crm-index's migration 12) then gives them without reading the answers' rows.
  if (f.match === 'anyOf')
    return { sql: `SELECT f.contact_id FROM contact_fields f, json_each(f.value_json) o WHERE f.field_id = ? AND o.value = ?`, args: [f.id, f.text] };
  if (f.match === 'caseless')
    return { sql: `SELECT f.contact_id FROM contact_fields f WHERE f.field_id = ? AND f.value_text = ? COLLATE NOCASE`, args: [f.id, f.text] };
  return {
    sql: `SELECT f.contact_id FROM contact_fields f WHERE f.field_id = ? AND f.value_text = ? COLLATE NOCASE AND f.value_text = ?`,
    args: [f.id, f.text, f.text],
  };
}

/**
 * Up to this many days, time in stage reads the range's ended stays (stage_periods_ended) and keeps those of the
 * answering contacts; past it, it reads the answering contacts' stays (by contact). The first costs in proportion to
 * the range's stays, the second to the answer's contacts: timed at 100,000 contacts with a third of them answering,
 * 30 days 317 / 507 ms, 365 days 2,251 / 646 ms (p50, machine at load 13; see the bench's filtered section).
 */
export const SHORT_STAYS_DAYS = 90;

const IDS = `(SELECT value FROM json_each(?))`;

export class AnsweredQueries {
  private readonly statements: StatementCache;

  constructor(db: Db) {
    this.statements = new StatementCache(db);
  }

  /** The answering contacts created in the days (inclusive). */
  match(r: { from: string; to: string }, filter: FieldFilter): AnsweredContacts {
    const answer = answerSql(filter);
    // The contacts created around the days, from the (created_at, id) index: a UTC day starts 14 hours before or 12
    // after the device's, so a day more on each side holds every contact of the days (each checked by its own day).
    const around = [r.from, r.to] as const;
    const near = this.statements.get(
      `SELECT COUNT(*) FROM contacts INDEXED BY contacts_recent WHERE created_at >= date(?, '-1 day') AND created_at < date(?, '+2 days')`,
    );
    const candidates = near.pluck().get(...around) as number;
    // No more contacts came in those days than gave the answer (a month, a common answer): walk the days' contacts
    // and keep those in the set of the answer's (built once). Else walk the answer's contacts and keep those of the
    // days. Either way each is checked in contact_reached (one narrow row per contact, with its day: migration 9), and
    // its rowid read from an index: the wide contacts rows are never read. The answer's are counted up to the days'.
    const answered = this.statements
      .get(`SELECT COUNT(*) FROM (${answer.sql} LIMIT ?)`)
      .pluck()
      .get(...answer.args, candidates) as number;
    const rows = (
      answered >= candidates
        ? this.statements
            .get(
              `SELECT c.rowid AS rowid, c.id AS id FROM contacts c INDEXED BY contacts_recent CROSS JOIN contact_reached r ON r.contact_id = c.id
               WHERE c.created_at >= date(?, '-1 day') AND c.created_at < date(?, '+2 days') AND r.local_day BETWEEN ? AND ? AND +c.id IN (${answer.sql})`,
            )
            .all(...around, r.from, r.to, ...answer.args)
        : this.statements
            .get(
              `SELECT c.rowid AS rowid, r.contact_id AS id FROM contact_reached r CROSS JOIN contacts c ON c.id = r.contact_id
               WHERE r.contact_id IN (${answer.sql}) AND r.local_day BETWEEN ? AND ?`,
            )
            .all(...answer.args, r.from, r.to)
    ) as { rowid: number; id: string }[];
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

  /**
   * Their twenty most given tags, most first (crm_day_tags' sums). From the (contact, tag) key alone: every tag row
   * carries its contact's day (the store writes it, migration 7 filled the older rows), which the rollup counts by.
   */
  topTags(a: AnsweredContacts): { tag: string; n: number }[] {
    if (!a.count) return [];
    return this.statements
      .get(`SELECT tag, COUNT(*) AS n FROM contact_tags WHERE contact_id IN ${IDS} GROUP BY tag ORDER BY n DESC, tag LIMIT 20`)
      .all(a.ids) as { tag: string; n: number }[];
  }

  /**
   * The lengths (hours) of the stays that ended in the days, of every contact who gave the answer (whenever created,
   * as time in stage counts stays by when they ended), by stage, shortest first.
   */
  stays(r: { from: string; to: string }, filter: FieldFilter, stages: readonly string[]): Map<string, number[]> {
    const answer = answerSql(filter);
    const days = (Date.parse(`${r.to}T00:00:00Z`) - Date.parse(`${r.from}T00:00:00Z`)) / 86_400_000 + 1;
    const ended = `p.hours IS NOT NULL AND p.left_at >= ? AND p.left_at < date(?, '+1 day')`;
    const rows = (
      days <= SHORT_STAYS_DAYS && stages.length
        ? this.statements
            .get(
              // The range's stays of each stage from the (stage, left_at, hours) index, each contact looked up in the
              // set of the answer's (built once).
              `SELECT p.stage AS stage, p.hours AS hours FROM stage_periods p INDEXED BY stage_periods_ended
               WHERE p.stage IN (${stages.map(() => '?').join(', ')}) AND ${ended} AND +p.contact_id IN (${answer.sql}) ORDER BY p.stage, p.hours`,
            )
            .all(...stages, r.from, r.to, ...answer.args)
        : this.statements
            .get(`SELECT p.stage AS stage, p.hours AS hours FROM stage_periods p WHERE p.contact_id IN (${answer.sql}) AND ${ended} ORDER BY p.stage, p.hours`)
            .all(...answer.args, r.from, r.to)
    ) as { stage: string; hours: number }[];
    const by = new Map<string, number[]>();
    for (const x of rows) (by.get(x.stage) ?? by.set(x.stage, []).get(x.stage)!).push(x.hours);
    return by;
  }
}
