/**
 * The one SQL test of "this contact gave that answer" (device/crm/field-filter.ts), read by the leads list and the
 * dashboard filtered on an answer (crm-queries.ts, answered-queries.ts). The match: free text equal in any case
 * (SQLite's NOCASE, ASCII), an exact answer equal byte for byte (and so in any case too), one option among several
 * choices (the answer's JSON array holds it).
 */
import type { FieldFilter } from '../crm/field-filter.js';

/** Rows of contact_fields as `FROM <from> WHERE <where>` (aliased), with the arguments of the WHERE in order. */
export interface AnswerRows {
  from: string;
  where: string;
  args: string[];
}

/**
 * The answers to the question that match, as one range of contact_fields_answers (migration 15: answers by question
 * and their text in any case, then their contact's day and facts; migration 12's index before it): an exact or
 * free-text match reads the contact's id and facts from its entries, and with `days` the range holds only the contacts
 * who came in those days (the contact's day, as every dashboard panel counts them). No index is named, so the same SQL
 * runs on an older schema's indexes, but the terms leave the planner that index alone: an exact match's byte-wise
 * term carries a "+" (with it usable, the statistics of ANALYZE made the planner skip through the byte-wise index of
 * every question, 5-20 times slower). One option of several choices: the answers whose text holds the option's (the
 * text is the options joined, crm-store.ts `fieldColumns`), from the same index, their JSON array checked.
 */
export function answerRows(f: FieldFilter, opts: { alias?: string; days?: { from: string; to: string } } = {}): AnswerRows {
  const a = opts.alias ?? 'f';
  const days = opts.days ? ` AND ${a}.local_day BETWEEN ? AND ?` : '';
  const dayArgs = opts.days ? [opts.days.from, opts.days.to] : [];
  const from = `contact_fields ${a}`;
  if (f.match === 'anyOf') {
    // The question's distinct answers, one seek each in the byte-wise index (a few dozen combinations of options, not
    // one entry per contact), kept when their text holds the option's; their rows then come from ranges of the
    // case-blind index (by day too), each row's JSON array checked (a text may hold the option's inside another's).
    const texts = `WITH RECURSIVE v(t) AS (SELECT (SELECT MIN(value_text) FROM contact_fields WHERE field_id = ? AND value_text >= '')
      UNION ALL SELECT (SELECT MIN(value_text) FROM contact_fields WHERE field_id = ? AND value_text > v.t) FROM v WHERE v.t IS NOT NULL)
      SELECT t FROM v WHERE instr(t, ?)`;
    return {
      from,
      where: `${a}.field_id = ? AND ${a}.value_text COLLATE NOCASE IN (${texts})${days} AND EXISTS (SELECT 1 FROM json_each(${a}.value_json) o WHERE o.value = ?)`,
      args: [f.id, f.id, f.id, f.text, ...dayArgs, f.text],
    };
  }
  const text = `${a}.field_id = ? AND ${a}.value_text = ? COLLATE NOCASE`;
  return f.match === 'caseless'
    ? { from, where: `${text}${days}`, args: [f.id, f.text, ...dayArgs] }
    : { from, where: `${text} AND +${a}.value_text = ?${days}`, args: [f.id, f.text, f.text, ...dayArgs] };
}

/**
 * One contact's own answer, by its key (contact_id, field_id): for a walk of the contacts that probes each (`contact`
 * is the SQL of its id, e.g. `c.id`). The text's "+" keeps the planner on the key, off contact_fields_answers, whose
 * range it would otherwise read for every contact.
 */
export function contactAnswer(f: FieldFilter, contact: string, alias = 'f'): AnswerRows {
  const a = alias;
  const own = `${a}.contact_id = ${contact} AND ${a}.field_id = ?`;
  if (f.match === 'anyOf')
    return { from: `contact_fields ${a}`, where: `${own} AND EXISTS (SELECT 1 FROM json_each(${a}.value_json) o WHERE o.value = ?)`, args: [f.id, f.text] };
  return f.match === 'caseless'
    ? { from: `contact_fields ${a}`, where: `${own} AND +${a}.value_text = ? COLLATE NOCASE`, args: [f.id, f.text] }
    : { from: `contact_fields ${a}`, where: `${own} AND +${a}.value_text = ?`, args: [f.id, f.text] };
}
