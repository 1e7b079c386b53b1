/**
 * The CRM settings in effect: the config file's, with each section staff last saved on the Settings screen over it
 * (the `crm_settings_versions` table). The service and the doctor read them the same way.
 */
import type { Db } from '../store/database.js';
import { validateCrmSettings } from './settings.js';
import type { CrmSettings } from './types.js';

export const SETTINGS_SECTIONS = ['stages', 'taxonomy', 'outcomeReasons', 'retention'] as const;

const LATEST_SQL = `SELECT section, value FROM crm_settings_versions WHERE version IN (SELECT MAX(version) FROM crm_settings_versions GROUP BY section)`;

/** `file` with the saved sections over it; a saved version this build no longer accepts leaves the file's settings. */
export function crmSettingsInEffect(db: Db, file: CrmSettings): CrmSettings {
  const merged: CrmSettings = { ...file };
  const rows = db.prepare(LATEST_SQL).all() as { section: string; value: string }[];
  for (const r of rows)
    if ((SETTINGS_SECTIONS as readonly string[]).includes(r.section)) Object.assign(merged, { [r.section]: JSON.parse(r.value) as unknown });
  try {
    return validateCrmSettings(merged);
  } catch {
    return file;
  }
}
