/** The device's contacts as the export writers read them (sync/export's ExportContact), in bulk, oldest first. */
import type { ExportContact } from '../../sync/export/index.js';
import type { CrmFieldValue } from './types.js';
import type { CrmService } from './service.js';
import type { ContactRow } from '../store/crm-store.js';

export function exportContacts(crm: CrmService): ExportContact[] {
  const db = crm.store.db;
  const s = crm.settings();
  const tagNames = new Map(s.taxonomy.flatMap((c) => c.tags.map((t) => [t.id, t.name] as const)));
  const stageNames = new Map(s.stages.map((x) => [x.id, x.name] as const));
  const reasonNames = new Map(s.outcomeReasons.map((r) => [r.id, r.name] as const));
  const tags = new Map<string, { id: string; name: string }[]>();
  for (const r of db.prepare(`SELECT contact_id, tag FROM contact_tags ORDER BY added_at, tag`).iterate() as Iterable<{ contact_id: string; tag: string }>)
    (tags.get(r.contact_id) ?? tags.set(r.contact_id, []).get(r.contact_id)!).push({ id: r.tag, name: tagNames.get(r.tag) ?? r.tag });
  const fields = new Map<string, Record<string, CrmFieldValue>>();
  for (const r of db.prepare(`SELECT contact_id, field_id, value_json FROM contact_fields`).iterate() as Iterable<{
    contact_id: string;
    field_id: string;
    value_json: string;
  }>)
    (fields.get(r.contact_id) ?? fields.set(r.contact_id, {}).get(r.contact_id)!)[r.field_id] = JSON.parse(r.value_json) as CrmFieldValue;
  const out: ExportContact[] = [];
  for (const c of db.prepare(`SELECT * FROM contacts ORDER BY created_at, id`).iterate() as Iterable<ContactRow>) {
    const consent = c.consent ? (JSON.parse(c.consent) as { given: boolean; at: string; version?: string }) : null;
    out.push({
      id: c.id,
      name: c.name,
      phone: c.phone,
      email: c.email,
      stage: { id: c.stage, name: stageNames.get(c.stage) ?? c.stage },
      tags: tags.get(c.id) ?? [],
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
    });
  }
  return out;
}
