/**
 * CSV as RFC 4180 writes it (CRLF line ends; a cell with a comma, quote or line break is quoted, quotes doubled),
 * safe to open in a spreadsheet: a cell starting with = + - @ TAB or CR would be read as a formula (CSV injection,
 * e.g. a visitor named `=HYPERLINK(...)`), so it gets a leading apostrophe, as OWASP advises. The full-width forms
 * of = + - @ are treated the same, since some spreadsheets fold them to ASCII. The apostrophe also keeps an E.164
 * phone (+1415...) from being turned into a number.
 */
import { consentText, customFields, fieldText, type ExportContact } from './contact.js';

const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** A cell's text, neutralised when a spreadsheet would take it for a formula. */
export function neutralise(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

export function csvCell(v: unknown): string {
  const s = neutralise(v === null || v === undefined ? '' : Array.isArray(v) ? v.join(';') : String(v));
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Rows of objects to CSV; the header is `columns` then every other key seen, in first-seen order (rows may differ in
 * custom fields). No rows and no columns: the empty string.
 */
export function toCsv(rows: readonly object[], columns: readonly string[] = []): string {
  if (!rows.length && !columns.length) return '';
  const keys: string[] = [...columns];
  const seen = new Set<string>(columns);
  for (const r of rows)
    for (const k of Object.keys(r))
      if (!seen.has(k)) {
        seen.add(k);
        keys.push(k);
      }
  const line = (cells: readonly unknown[]): string => cells.map(csvCell).join(',');
  return [line(keys), ...rows.map((r) => line(keys.map((k) => (r as Record<string, unknown>)[k])))].join('\r\n') + '\r\n';
}

/** One CSV row per contact: identity, stage, tags, source, owner, score, outcome, consent, then `field:<id>` columns. */
export function contactCsvRow(c: ExportContact): Record<string, string | number | null> {
  const row: Record<string, string | number | null> = {
    id: c.id,
    name: c.name,
    phone: c.phone,
    email: c.email,
    stage: c.stage.name,
    stage_id: c.stage.id,
    tags: c.tags.map((t) => t.name).join('; '),
    tag_ids: c.tags.map((t) => t.id).join(';'),
    source_channel: c.source.channel,
    source_device: c.source.deviceId,
    source_site: c.source.site,
    campaign: c.source.campaign,
    owner: c.owner,
    score: c.score,
    outcome: c.outcome?.result ?? null,
    outcome_reason: c.outcome?.reason?.name ?? null,
    created_at: c.createdAt,
    last_visit_at: c.lastVisitAt,
    consent: consentText(c.consent),
  };
  for (const [id, v] of customFields(c)) row[`field:${id}`] = fieldText(v, '; ');
  return row;
}

const EMPTY: ExportContact = {
  id: '',
  name: '',
  phone: null,
  email: null,
  stage: { id: '', name: '' },
  tags: [],
  source: { channel: '', deviceId: null, site: null, campaign: null },
  owner: null,
  score: null,
  outcome: null,
  fields: {},
  createdAt: '',
  lastVisitAt: null,
  consent: null,
};
/** The columns every contacts CSV has, even an empty one. */
export const CONTACT_CSV_COLUMNS: readonly string[] = Object.keys(contactCsvRow(EMPTY));

export function contactsToCsv(contacts: readonly ExportContact[]): string {
  return toCsv(contacts.map(contactCsvRow), CONTACT_CSV_COLUMNS);
}
