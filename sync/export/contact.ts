/**
 * The neutral shape every export reads: one contact as staff see it, whoever holds it (the device's CRM or the
 * bridge's projection). Each side maps its own records to this; the CSV, HubSpot and Salesforce writers in this
 * folder are pure functions over it. Dates are ISO 8601 UTC strings.
 */
import type { ActivityFieldValue, ActivitySource } from '../schemas/activity.js';

export interface ExportRef {
  id: string;
  /** The name shown to staff ('Sales qualified', 'Hair coloring'). */
  name: string;
}

export interface ExportContact {
  id: string;
  name: string;
  phone: string | null; // E.164
  email: string | null;
  stage: ExportRef;
  tags: ExportRef[];
  /** Channel ('kiosk-voice'), device, site, and campaign as a canonical tag id. */
  source: ActivitySource;
  owner: string | null;
  score: number | null;
  outcome: { result: 'won' | 'lost'; reason: ExportRef | null } | null;
  /** Custom intake fields by id, typed as stored: text, number, yes/no, several choices, or null. */
  fields: Record<string, ActivityFieldValue>;
  createdAt: string;
  lastVisitAt: string | null;
  consent: { given: boolean; at: string; version: string | null } | null;
}

/** Fields every export already has a column for; the rest of `fields` are the custom ones. */
export const STANDARD_FIELD_IDS: ReadonlySet<string> = new Set(['name', 'phone', 'email']);

/** The custom fields of a contact, in a stable order (by id). */
export function customFields(c: ExportContact): [string, ActivityFieldValue][] {
  return Object.entries(c.fields)
    .filter(([id]) => !STANDARD_FIELD_IDS.has(id))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A field value as one line of text: several choices joined by `sep` (';' is what HubSpot and Salesforce read). */
export function fieldText(v: ActivityFieldValue, sep = ';'): string {
  if (v === null) return '';
  if (Array.isArray(v)) return v.join(sep);
  return String(v);
}

/** The six default stages, in funnel order (device/crm's defaults; staff may add their own). */
export const DEFAULT_STAGE_IDS = ['new-inquiry', 'marketing-qualified', 'sales-qualified', 'opportunity', 'customer', 'lost'] as const;
export type DefaultStageId = (typeof DEFAULT_STAGE_IDS)[number];

/** 'sales-qualified' -> 'Sales qualified': a readable name when only an id is known (the bridge has no settings). */
export function humanize(id: string): string {
  const words = id.replace(/[-_]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : id;
}

export function consentText(c: ExportContact['consent']): string {
  if (!c) return '';
  return `${c.given ? 'given' : 'refused'} ${c.at}${c.version ? ` (text ${c.version})` : ''}`;
}
