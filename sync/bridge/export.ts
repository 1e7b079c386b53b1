/**
 * Exports of the cloud bridge (`frontdesk bridge export`): the stored projection mapped to the neutral
 * `ExportContact`, then written by the shared functions of sync/export (CSV, HubSpot, Salesforce). The bridge has no
 * CRM settings, so stage, tag and reason names are made readable from their ids ('sales-qualified' -> 'Sales
 * qualified'). Records of devices from before the CRM carry no source detail, owner, score or outcome: those stay empty.
 */
import { humanize, renderExport, type ExportContact, type ExportOptions } from '../export/index.js';
import type { BridgeStore, CrmContact } from './store.js';

export function exportContactOf({ deviceId, contact: c, lastVisitAt }: CrmContact): ExportContact {
  const fields = { ...c.fields };
  // The first records kept the visit's reason beside the fields.
  if (c.reason !== null && !('reason' in fields)) fields['reason'] = c.reason;
  return {
    id: c.id,
    name: c.name,
    phone: c.phone,
    email: c.email,
    stage: { id: c.stage, name: humanize(c.stage) },
    tags: c.tags.map((id) => ({ id, name: humanize(id) })),
    source: c.sourceDetail ?? { channel: c.source, deviceId, site: null, campaign: null },
    owner: c.owner ?? null,
    score: c.score ?? null,
    outcome: c.outcome ? { result: c.outcome.result, reason: c.outcome.reason ? { id: c.outcome.reason, name: humanize(c.outcome.reason) } : null } : null,
    fields,
    createdAt: c.createdAt,
    lastVisitAt: lastVisitAt ?? c.createdAt,
    consent: c.consent ? { given: c.consent.given, at: c.consent.at, version: c.consentVersion ?? null } : null,
  };
}

/** Reads the projection and renders the whole export; returns the file's text and how many contacts it holds. */
export async function exportFromStore(store: BridgeStore, opts: ExportOptions): Promise<{ text: string; count: number }> {
  const contacts = (await store.listContacts()).map(exportContactOf);
  return { text: renderExport(contacts, opts), count: contacts.length };
}
