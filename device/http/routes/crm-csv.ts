/**
 * The staff screen's CSV export: every contact read through the `Crm` interface, mapped to the export shape that
 * sync/export writes (the same columns, custom fields and formula neutralisation as the bridge's export).
 */
import type { ExportContact } from '../../../sync/export/contact.js';
import { contactsToCsv } from '../../../sync/export/csv.js';
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
 * Newest first, a page at a time (keyset pages: each starts after the previous page's last contact, so page 200 costs
 * what page 1 does). SQLite answers synchronously, so the export yields to the event loop between pages: a long
 * export never freezes a visitor's kiosk.
 */
export async function contactsCsv(crm: Crm): Promise<string> {
  const contacts: ExportContact[] = [];
  for (let after: { createdAt: string; id: string } | null = null; ;) {
    const page = crm.exportPage(after, PAGE);
    contacts.push(...page);
    const last = page.at(-1);
    if (!last || page.length < PAGE) break;
    after = { createdAt: last.createdAt, id: last.id };
    await new Promise((resolve) => setImmediate(resolve));
  }
  return contactsToCsv(contacts);
}
