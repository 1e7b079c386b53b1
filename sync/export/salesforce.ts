/**
 * Salesforce Lead fields (Data Import Wizard, Data Loader or the REST API). Standard: FirstName, LastName and Company
 * (both required), Phone, Email, LeadSource, Status (from our stage, on the default Lead Status picklist), Description.
 * Everything else is a custom field `Frontdesk_*__c`, custom intake fields as `<Field>__c` (create them first, see
 * docs/sync.md). Numbers and yes/no stay typed; several choices are ';'-separated (a multi-select picklist's format).
 */
import { consentText, customFields, type ExportContact } from './contact.js';
import { splitName } from './names.js';

/** Company is required on a Salesforce Lead and a walk-in rarely gives one: this is what goes there instead. */
export const SALESFORCE_DEFAULT_COMPANY = '[not provided]';

/** Our stage ids, and names older devices used, to the default Lead Status values. */
const STATUS_OF: Record<string, string> = {
  'new-inquiry': 'Open - Not Contacted',
  'marketing-qualified': 'Open - Not Contacted',
  'sales-qualified': 'Working - Contacted',
  opportunity: 'Working - Contacted',
  customer: 'Closed - Converted',
  lost: 'Closed - Not Converted',
  lead: 'Open - Not Contacted',
  new: 'Open - Not Contacted',
  mql: 'Open - Not Contacted',
  sql: 'Working - Contacted',
  qualified: 'Working - Contacted',
  booked: 'Working - Contacted',
  won: 'Closed - Converted',
};

export function salesforceStatusOf(c: Pick<ExportContact, 'stage' | 'outcome'>): string {
  if (c.outcome) return c.outcome.result === 'won' ? 'Closed - Converted' : 'Closed - Not Converted';
  return STATUS_OF[c.stage.id.trim().toLowerCase()] ?? STATUS_OF[c.stage.name.trim().toLowerCase()] ?? 'Open - Not Contacted';
}

/**
 * A custom field id as a Salesforce API name: letters, digits and single underscores, starting with a letter, not
 * ending with an underscore, at most 40 characters before `__c` ('preferred_day' -> 'Preferred_Day__c').
 */
export function salesforceFieldName(fieldId: string): string {
  const words = fieldId.split(/[^A-Za-z0-9]+/).filter(Boolean);
  let name = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('_');
  if (!name) name = `Field_${[...fieldId].map((ch) => ch.codePointAt(0)!.toString(16)).join('_')}`;
  else if (!/^[A-Za-z]/.test(name)) name = `F_${name}`;
  return `${name.slice(0, 40).replace(/_+$/, '')}__c`;
}

export type SalesforceValue = string | number | boolean | null;

export type SalesforceLead = Record<string, SalesforceValue> & {
  FirstName: string;
  LastName: string;
  Company: string;
  Phone: string;
  Email: string;
  LeadSource: string;
  Status: string;
  Description: string;
};

export interface SalesforceOptions {
  /** Company when the visitor gave none (the intake field `company`): default `[not provided]`. */
  company?: string;
  /** LeadSource picklist value: default 'Walk-In'. */
  leadSource?: string;
}

export function toSalesforceLead(c: ExportContact, opts: SalesforceOptions = {}): SalesforceLead {
  const { first, last } = splitName(c.name);
  const given = c.fields['company'];
  const company = typeof given === 'string' && given.trim() ? given.trim() : (opts.company ?? SALESFORCE_DEFAULT_COMPANY);
  const lines = [
    c.tags.length ? `Tags: ${c.tags.map((t) => t.name).join(', ')}` : null,
    c.outcome ? `Outcome: ${c.outcome.result}${c.outcome.reason ? ` (${c.outcome.reason.name})` : ''}` : null,
    `Captured by Frontdesk ${c.createdAt} (${c.source.channel}${c.source.site ? `, ${c.source.site}` : ''}), contact ${c.id}`,
  ];
  const out: SalesforceLead = {
    FirstName: first.slice(0, 40),
    LastName: (last || first || '[not provided]').slice(0, 80),
    Company: company.slice(0, 255),
    Phone: c.phone ?? '',
    Email: c.email ?? '',
    LeadSource: opts.leadSource ?? 'Walk-In',
    Status: salesforceStatusOf(c),
    Description: lines.filter(Boolean).join('\n').slice(0, 32000),
    Frontdesk_Id__c: c.id,
    Frontdesk_Stage__c: c.stage.name,
    Frontdesk_Tags__c: c.tags.map((t) => t.id).join(';'),
    Frontdesk_Channel__c: c.source.channel,
    Frontdesk_Device__c: c.source.deviceId,
    Frontdesk_Site__c: c.source.site,
    Frontdesk_Campaign__c: c.source.campaign,
    Frontdesk_Owner__c: c.owner,
    Frontdesk_Score__c: c.score,
    Frontdesk_Outcome__c: c.outcome?.result ?? null,
    Frontdesk_Outcome_Reason__c: c.outcome?.reason?.name ?? null,
    Frontdesk_Consent__c: consentText(c.consent) || null,
    Frontdesk_Captured_At__c: c.createdAt,
    Frontdesk_Last_Visit_At__c: c.lastVisitAt,
  };
  for (const [id, v] of customFields(c)) {
    if (id === 'company') continue; // already the Company field
    const field = salesforceFieldName(id);
    if (!(field in out)) out[field] = Array.isArray(v) ? v.join(';') : v;
  }
  return out;
}
