/**
 * The staff screen's CSV export: every contact read through the `Crm` interface, mapped to the export shape that
 * sync/export writes (the same columns, custom fields and formula neutralisation as the bridge's export).
 */
import type { ExportContact } from '../../../sync/export/contact.js';
import { contactsToCsv } from '../../../sync/export/csv.js';
import type { ContactDetail, Crm } from '../../crm/types.js';

/** Contacts read between yields: about 60 ms of SQLite at the 1.2 ms per contact measured with 5,000 contacts. */
const PAGE = 50;

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
 * Newest first, a page at a time (each contact's detail holds its custom fields). SQLite answers synchronously, so
 * the export yields to the event loop between pages: a long export never freezes a visitor's kiosk.
 */
export async function contactsCsv(crm: Crm): Promise<string> {
  const contacts: ExportContact[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = crm.list({ limit: PAGE, offset });
    for (const summary of page.items) {
      const c = crm.get(summary.id);
      if (c) contacts.push(toExportContact(c)); // null: erased meanwhile
    }
    if (page.items.length < PAGE || offset + PAGE >= page.total) break;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return contactsToCsv(contacts);
}
