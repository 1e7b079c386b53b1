/**
 * The staff screen's CSV export: every contact read through the `Crm` interface, mapped to the export shape that
 * sync/export writes (the same columns, custom fields and formula neutralisation as the bridge's export), written a
 * page at a time: the whole file is never in memory.
 */
import type { ExportContact } from '../../../sync/export/contact.js';
import { contactCsvColumns, contactCsvLines, csvLine } from '../../crm/csv-lines.js';
import type { ContactDetail, Crm } from '../../crm/types.js';

/** Contacts read between yields: a few queries of a few milliseconds each (tags and fields for the page at once). */
const PAGE = 200;

export function toExportContact(c: ContactDetail): ExportContact {
  return {
    id: c.id,
    name: c.name,
    phone: c.phone,
    email: c.email,
    stage: { id: c.stage.id, name: c.stage.name },
    tags: c.tags.map((t) => ({ id: t.id, name: t.name })),
    source: c.source,
    owner: c.owner,
    score: c.score,
    outcome: c.outcomeDetail ? { result: c.outcomeDetail.result, reason: c.outcomeDetail.reason } : null,
    fields: c.fields,
    createdAt: c.createdAt,
    lastVisitAt: c.lastVisitAt,
    consent: c.consent ? { given: c.consent.given, at: c.consent.at, version: c.consent.version } : null,
  };
}

/**
 * The CSV of every contact in pieces: the header, then a page of rows at a time, newest first (keyset pages: each
 * starts after the previous page's last contact, so page 500 costs what page 1 does). Byte for byte what
 * `contactsToCsv` gives for all of them: its custom field columns are the ones the contacts hold, in the order the
 * rows meet them, which the CRM answers before any row is read (`exportFieldIds`). SQLite answers synchronously, so
 * the export yields to the event loop between pages: a long export never freezes a visitor's kiosk. A custom field
 * a contact gains while the export runs and that no contact held when it started has no column in this export.
 */
export async function* contactsCsvChunks(crm: Crm): AsyncGenerator<string> {
  const columns = contactCsvColumns(crm.exportFieldIds());
  yield csvLine(columns);
  for (let after: { createdAt: string; id: string } | null = null; ;) {
    const page = crm.exportPage(after, PAGE);
    if (page.length) yield contactCsvLines(columns, page);
    const last = page.at(-1);
    if (!last || page.length < PAGE) return;
    after = { createdAt: last.createdAt, id: last.id };
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The whole CSV as one string (tests; the route streams `contactsCsvChunks`). */
export async function contactsCsv(crm: Crm): Promise<string> {
  let out = '';
  for await (const chunk of contactsCsvChunks(crm)) out += chunk;
  return out;
}
