/**
 * HubSpot contact properties (CRM import or the contacts API). Standard: email, firstname, lastname, phone,
 * lifecyclestage, hs_lead_status. Everything else is a custom property `frontdesk_*` (create them in the portal
 * first, see docs/sync.md), custom intake fields as `frontdesk_field_<id>`. Values are strings, as the API takes
 * them; several choices are ';'-separated (HubSpot's multiple-checkbox format).
 *
 * HubSpot's lifecycle stage only moves forward: `forwardLifecycle` never returns a stage at or below the one the
 * portal holds, and a contact we lost never demotes one (lost is a lead status, not a lifecycle stage).
 */
import { consentText, customFields, fieldText, type ExportContact } from './contact.js';
import { splitName } from './names.js';

export const HUBSPOT_LIFECYCLE = ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist'] as const;
export type HubSpotLifecycle = (typeof HUBSPOT_LIFECYCLE)[number];

/** Our stage ids (defaults first), and names and synonyms older devices used, to HubSpot's internal values. */
const LIFECYCLE_OF: Record<string, HubSpotLifecycle> = {
  'new-inquiry': 'lead',
  'marketing-qualified': 'marketingqualifiedlead',
  'sales-qualified': 'salesqualifiedlead',
  opportunity: 'opportunity',
  customer: 'customer',
  // Lost is not a place in HubSpot's lifecycle: it stays a lead there (or wherever the portal has it) and the lead
  // status says it is unqualified.
  lost: 'lead',
  subscriber: 'subscriber',
  visitor: 'subscriber',
  lead: 'lead',
  new: 'lead',
  'new inquiry': 'lead',
  mql: 'marketingqualifiedlead',
  marketingqualifiedlead: 'marketingqualifiedlead',
  'marketing qualified': 'marketingqualifiedlead',
  sql: 'salesqualifiedlead',
  qualified: 'salesqualifiedlead',
  salesqualifiedlead: 'salesqualifiedlead',
  'sales qualified': 'salesqualifiedlead',
  booked: 'opportunity',
  won: 'customer',
  evangelist: 'evangelist',
  advocate: 'evangelist',
};

/** Our stage (id, else name) -> HubSpot's lifecycle value; a stage staff added that means nothing to HubSpot is 'lead'. */
export function hubspotLifecycleOf(stage: string | { id: string; name: string }): HubSpotLifecycle {
  const keys = typeof stage === 'string' ? [stage] : [stage.id, stage.name];
  for (const k of keys) {
    const hit = LIFECYCLE_OF[k.trim().toLowerCase()];
    if (hit) return hit;
  }
  return 'lead';
}

/** The stage to send when the portal already holds `current`: never backwards (null: leave it as it is). */
export function forwardLifecycle(current: string | null | undefined, next: HubSpotLifecycle): HubSpotLifecycle | null {
  const cur = current ? HUBSPOT_LIFECYCLE.indexOf(current as HubSpotLifecycle) : -1;
  return HUBSPOT_LIFECYCLE.indexOf(next) > cur ? next : null;
}

/** HubSpot's default lead status values, from our stage and outcome. */
export function hubspotLeadStatus(c: Pick<ExportContact, 'stage' | 'outcome'>): string {
  if (c.outcome?.result === 'lost' || c.stage.id === 'lost') return c.outcome?.reason?.id === 'timing' ? 'BAD_TIMING' : 'UNQUALIFIED';
  switch (c.stage.id) {
    case 'marketing-qualified':
      return 'OPEN';
    case 'sales-qualified':
      return 'IN_PROGRESS';
    case 'opportunity':
      return 'OPEN_DEAL';
    case 'customer':
      return 'CONNECTED';
    default:
      return 'NEW';
  }
}

/** A custom field id as a HubSpot property name: lower case letters, digits and underscores, starting with a letter. */
export function hubspotPropertyName(fieldId: string): string {
  const clean = fieldId
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return `frontdesk_field_${clean || hexOf(fieldId)}`.slice(0, 100);
}

function hexOf(s: string): string {
  return [...s].map((ch) => ch.codePointAt(0)!.toString(16)).join('_');
}

export type HubSpotContact = Record<string, string> & {
  email: string;
  firstname: string;
  lastname: string;
  phone: string;
  /** '' when the portal already holds this stage or a later one. */
  lifecyclestage: HubSpotLifecycle | '';
  hs_lead_status: string;
  frontdesk_contact_id: string;
};

export interface HubSpotOptions {
  /** The lifecycle stage the portal holds for this contact, when known: ours is sent only if it moves forward. */
  portalStage?: string | null;
}

export function toHubSpot(c: ExportContact, opts: HubSpotOptions = {}): HubSpotContact {
  const { first, last } = splitName(c.name);
  const stage = hubspotLifecycleOf(c.stage);
  const lifecycle = opts.portalStage === undefined ? stage : forwardLifecycle(opts.portalStage, stage);
  const out: HubSpotContact = {
    email: c.email ?? '',
    firstname: first,
    lastname: last,
    phone: c.phone ?? '',
    lifecyclestage: lifecycle ?? '',
    hs_lead_status: hubspotLeadStatus(c),
    frontdesk_contact_id: c.id,
    frontdesk_stage: c.stage.name,
    frontdesk_stage_id: c.stage.id,
    frontdesk_tags: c.tags.map((t) => t.id).join(';'),
    frontdesk_tag_names: c.tags.map((t) => t.name).join('; '),
    frontdesk_source: c.source.channel,
    frontdesk_device_id: c.source.deviceId ?? '',
    frontdesk_site: c.source.site ?? '',
    frontdesk_campaign: c.source.campaign ?? '',
    frontdesk_owner: c.owner ?? '',
    frontdesk_score: c.score === null ? '' : String(c.score),
    frontdesk_outcome: c.outcome?.result ?? '',
    frontdesk_outcome_reason: c.outcome?.reason?.name ?? '',
    frontdesk_consent: consentText(c.consent),
    frontdesk_captured_at: c.createdAt,
    frontdesk_last_visit_at: c.lastVisitAt ?? '',
  };
  for (const [id, v] of customFields(c)) {
    const prop = hubspotPropertyName(id);
    // A custom field never overwrites one of the properties above.
    if (!(prop in out)) out[prop] = fieldText(v);
  }
  return out;
}
