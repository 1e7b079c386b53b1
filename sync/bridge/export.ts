/**
 * Contact exports for the two CRMs most businesses use, as pure functions (see docs/sync.md, "Exports").
 * HubSpot: contact properties; the lifecycle stage only moves forward there, so `forwardLifecycle` never returns a
 * stage below the one the portal holds. Salesforce: Lead fields; LastName and Company are required there.
 */
import type { CrmContact } from './store.js';

export const HUBSPOT_LIFECYCLE = ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist'] as const;
export type HubSpotLifecycle = (typeof HUBSPOT_LIFECYCLE)[number];

const STAGE_SYNONYMS: Record<string, HubSpotLifecycle> = {
  subscriber: 'subscriber',
  visitor: 'subscriber',
  lead: 'lead',
  new: 'lead',
  mql: 'marketingqualifiedlead',
  marketingqualifiedlead: 'marketingqualifiedlead',
  'marketing-qualified': 'marketingqualifiedlead',
  sql: 'salesqualifiedlead',
  qualified: 'salesqualifiedlead',
  salesqualifiedlead: 'salesqualifiedlead',
  'sales-qualified': 'salesqualifiedlead',
  opportunity: 'opportunity',
  booked: 'opportunity',
  customer: 'customer',
  won: 'customer',
  evangelist: 'evangelist',
  advocate: 'evangelist',
};

/** Our stage name -> HubSpot's internal lifecycle value; unknown stages map to 'lead'. */
export function hubspotLifecycleOf(stage: string): HubSpotLifecycle {
  return STAGE_SYNONYMS[stage.trim().toLowerCase()] ?? 'lead';
}

/** The stage to send when the portal already holds `current`: never backwards (null: leave it as it is). */
export function forwardLifecycle(current: string | null | undefined, next: HubSpotLifecycle): HubSpotLifecycle | null {
  const cur = current ? HUBSPOT_LIFECYCLE.indexOf(current as HubSpotLifecycle) : -1;
  return HUBSPOT_LIFECYCLE.indexOf(next) > cur ? next : null;
}

const PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'da', 'di', 'du', 'la', 'le', 'st.', 'bin', 'al']);

/** "Ana Lopez" -> Ana / Lopez; "Ludwig van Beethoven" -> Ludwig / van Beethoven; "Cher" -> "" / Cher. */
export function splitName(full: string): { first: string; last: string } {
  const parts = full.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return { first: '', last: '' };
  if (parts.length === 1) return { first: '', last: parts[0]! };
  let i = parts.length - 1;
  while (i > 1 && PARTICLES.has(parts[i - 1]!.toLowerCase())) i--;
  return { first: parts.slice(0, i).join(' '), last: parts.slice(i).join(' ') };
}

export interface HubSpotContact {
  email: string;
  firstname: string;
  lastname: string;
  phone: string;
  lifecyclestage: HubSpotLifecycle;
  hs_lead_status: string;
  message: string;
  frontdesk_contact_id: string;
  frontdesk_device_id: string;
  frontdesk_version: string;
  frontdesk_source: string;
  frontdesk_tags: string;
  frontdesk_consent: string;
  frontdesk_captured_at: string;
}

export function toHubSpot({ deviceId, contact: c }: CrmContact, portalStage?: string | null): HubSpotContact {
  const { first, last } = splitName(c.name);
  const stage = hubspotLifecycleOf(c.stage);
  return {
    email: c.email ?? '',
    firstname: first,
    lastname: last,
    phone: c.phone ?? '',
    // Empty when the portal is already further along: HubSpot only moves forward.
    lifecyclestage: (portalStage === undefined ? stage : forwardLifecycle(portalStage, stage)) ?? ('' as HubSpotLifecycle),
    hs_lead_status: 'NEW',
    message: c.reason ?? '',
    frontdesk_contact_id: c.id,
    frontdesk_device_id: deviceId,
    frontdesk_version: String(c.version),
    frontdesk_source: c.source,
    frontdesk_tags: c.tags.join(';'),
    frontdesk_consent: c.consent ? (c.consent.given ? `given ${c.consent.at}` : `refused ${c.consent.at}`) : '',
    frontdesk_captured_at: c.createdAt,
  };
}

export interface SalesforceLead {
  FirstName: string;
  LastName: string;
  Company: string;
  Phone: string;
  Email: string;
  LeadSource: string;
  Status: string;
  Description: string;
}

/** Company is required on a Salesforce Lead and a walk-in rarely gives one: this is what goes there instead. */
export const SALESFORCE_DEFAULT_COMPANY = '[not provided]';

const SF_STATUS: Record<HubSpotLifecycle, string> = {
  subscriber: 'Open - Not Contacted',
  lead: 'Open - Not Contacted',
  marketingqualifiedlead: 'Open - Not Contacted',
  salesqualifiedlead: 'Working - Contacted',
  opportunity: 'Working - Contacted',
  customer: 'Closed - Converted',
  evangelist: 'Closed - Converted',
};

export function toSalesforceLead({ contact: c }: CrmContact, opts: { company?: string; leadSource?: string } = {}): SalesforceLead {
  const { first, last } = splitName(c.name);
  const company =
    typeof c.fields['company'] === 'string' && c.fields['company'].trim() ? c.fields['company'].trim() : (opts.company ?? SALESFORCE_DEFAULT_COMPANY);
  const lines = [
    c.reason ? `Reason: ${c.reason}` : null,
    c.tags.length ? `Tags: ${c.tags.join(', ')}` : null,
    `Captured by Frontdesk ${c.createdAt} (${c.source}), contact ${c.id} v${c.version}`,
  ];
  return {
    FirstName: first.slice(0, 40),
    LastName: (last || first || '[not provided]').slice(0, 80),
    Company: company.slice(0, 255),
    Phone: c.phone ?? '',
    Email: c.email ?? '',
    LeadSource: opts.leadSource ?? 'Walk-In',
    Status: SF_STATUS[hubspotLifecycleOf(c.stage)],
    Description: lines.filter(Boolean).join('\n').slice(0, 32000),
  };
}

/** RFC 4180 CSV: header from the first row's keys, every field quoted when it needs to be. */
export function toCsv(rows: readonly object[]): string {
  if (!rows.length) return '';
  const keys = Object.keys(rows[0]!);
  const cell = (v: unknown): string => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [keys.join(','), ...rows.map((r) => keys.map((k) => cell((r as Record<string, unknown>)[k])).join(','))].join('\r\n') + '\r\n';
}
