/**
 * The contacts CSV of sync/export (`contactsToCsv`) written in pieces: the header line first, from the custom fields'
 * ids known before any row is read, then the rows a page at a time. The pieces joined are byte for byte what
 * `contactsToCsv` gives when `fieldIds` are the custom fields the contacts hold, in the order the rows meet them.
 */
import type { ExportContact } from '../../sync/export/contact.js';
import { CONTACT_CSV_COLUMNS, contactCsvRow, csvCell } from '../../sync/export/csv.js';

/** The CSV's columns: the standard ones, then one per custom field. */
export function contactCsvColumns(fieldIds: readonly string[]): string[] {
  return [...CONTACT_CSV_COLUMNS, ...fieldIds.map((id) => `field:${id}`)];
}

/** One CSV line (RFC 4180, CRLF): each cell neutralised and quoted as `toCsv` does. */
export function csvLine(cells: readonly unknown[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}

/** The rows of `contacts` under `columns`. */
export function contactCsvLines(columns: readonly string[], contacts: readonly ExportContact[]): string {
  let text = '';
  for (const c of contacts) {
    const row = contactCsvRow(c);
    text += csvLine(columns.map((k) => row[k]));
  }
  return text;
}
