/**
 * Contact exports: CSV for spreadsheets, HubSpot contact properties and Salesforce Lead fields, each as JSON
 * records or as CSV for the CRM's importer. Pure functions over `ExportContact`; the device's CRM and the cloud
 * bridge each map their own records to it. Mappings: docs/sync.md, "Exports".
 */
import type { ExportContact } from './contact.js';
import { contactsToCsv, toCsv } from './csv.js';
import { toHubSpot } from './hubspot.js';
import { toSalesforceLead, type SalesforceOptions } from './salesforce.js';

export * from './contact.js';
export * from './csv.js';
export * from './hubspot.js';
export * from './names.js';
export * from './salesforce.js';

export const EXPORT_FORMATS = ['csv', 'hubspot', 'salesforce'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions extends SalesforceOptions {
  format: ExportFormat;
  /** 'csv' (default) or 'json' records; the plain 'csv' format is always CSV. */
  as?: 'csv' | 'json';
  /** HubSpot: the lifecycle stage the portal holds per contact id, so ours only moves forward. */
  portalStages?: ReadonlyMap<string, string | null>;
}

/** The whole export as the text of one file. */
export function renderExport(contacts: readonly ExportContact[], opts: ExportOptions): string {
  if (opts.format === 'csv') return contactsToCsv(contacts);
  const rows =
    opts.format === 'hubspot'
      ? contacts.map((c) => toHubSpot(c, opts.portalStages?.has(c.id) ? { portalStage: opts.portalStages.get(c.id) ?? null } : {}))
      : contacts.map((c) => toSalesforceLead(c, opts));
  return opts.as === 'json' ? JSON.stringify(rows, null, 2) + '\n' : toCsv(rows);
}
