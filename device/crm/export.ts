/**
 * The device's contacts as the CLI's export writers read them (sync/export's ExportContact), oldest first, a page at
 * a time (keyset pages), so the CSV is written as it is read and a big CRM never sits in memory whole.
 */
import { STANDARD_FIELD_IDS, type ExportContact } from '../../sync/export/index.js';
import type { CrmService } from './service.js';
import type { ContactRow } from '../store/crm-store.js';

/** Contacts per page: a few queries of a few milliseconds each. */
const PAGE = 500;

/** Every contact, oldest first (created_at, then id), in pages of `size`. */
export function* exportContactPages(crm: CrmService, size = PAGE): Generator<ExportContact[]> {
  const s = crm.settings();
  const tagNames = new Map(s.taxonomy.flatMap((c) => c.tags.map((t) => [t.id, t.name] as const)));
  const stageNames = new Map(s.stages.map((x) => [x.id, x.name] as const));
  const reasonNames = new Map(s.outcomeReasons.map((r) => [r.id, r.name] as const));
  for (let after: { createdAt: string; id: string } | null = null; ;) {
    const rows: ContactRow[] = crm.store.rowsAfterOldest(after, size);
    if (!rows.length) return;
    const ids = rows.map((r) => r.id);
    const tags = crm.store.tagsOfMany(ids);
    const fields = crm.store.fieldsOfMany(ids);
    yield rows.map((c) => {
      const consent = c.consent ? (JSON.parse(c.consent) as { given: boolean; at: string; version?: string }) : null;
      return {
        id: c.id,
        name: c.name,
        phone: c.phone,
        email: c.email,
        stage: { id: c.stage, name: stageNames.get(c.stage) ?? c.stage },
        tags: (tags.get(c.id) ?? []).map((t) => ({ id: t.tag, name: tagNames.get(t.tag) ?? t.tag })),
        source: { channel: c.source_channel ?? c.source, deviceId: c.source_device, site: c.source_site, campaign: c.source_campaign },
        owner: c.owner,
        score: c.score,
        outcome: c.outcome
          ? { result: c.outcome, reason: c.outcome_reason ? { id: c.outcome_reason, name: reasonNames.get(c.outcome_reason) ?? c.outcome_reason } : null }
          : null,
        fields: fields.get(c.id) ?? {},
        createdAt: c.created_at,
        lastVisitAt: c.last_visit_at,
        consent: consent ? { given: consent.given, at: consent.at, version: consent.version ?? null } : null,
      };
    });
    if (rows.length < size) return;
    const last = rows.at(-1)!;
    after = { createdAt: last.created_at, id: last.id };
  }
}

/** Every contact at once, oldest first (the HubSpot and Salesforce writers take the whole list). */
export function exportContacts(crm: CrmService): ExportContact[] {
  const out: ExportContact[] = [];
  for (const page of exportContactPages(crm)) out.push(...page);
  return out;
}

/** The custom fields' ids in the order `exportContactPages` meets them: the CSV's field columns, before its rows. */
export function exportFieldIdsOldestFirst(crm: CrmService): string[] {
  return crm.store.fieldIdsInOrder(false, STANDARD_FIELD_IDS);
}
