/**
 * Doctor check "crm-criteria": the stages' entry criteria in effect (the config file's, with the Settings screen's
 * over them) against the intake form in effect (the staff's, over the file's). A criterion naming a field the form
 * lacks does not stop the robot (device/crm/criteria-fields.ts): it is not applied, and this says so until fixed.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Config } from '../config/schema.js';
import { criteriaWarnings } from '../crm/for-config.js';
import { crmSettingsInEffect } from '../crm/settings-saved.js';
import type { CrmSettings } from '../crm/types.js';
import { configWithSavedStaffSettings } from '../intake/staff-settings.js';
import type { CheckResult } from './check-result.js';

export interface CrmCriteriaContext {
  config: Config;
  dataDir: string;
  /** True when `config` already holds the staff settings (the doctor run inside the runtime). */
  staffSettingsApplied?: boolean;
}

/** The CRM settings saved on the Settings screen over the file's; the file's when there is no database yet. */
function crmSettingsOf(config: Config, dataDir: string): CrmSettings {
  const file = join(dataDir, 'frontdesk.sqlite');
  if (!existsSync(file)) return config.crm;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const hasTable = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'crm_settings_versions'`).get();
    return hasTable ? crmSettingsInEffect(db, config.crm) : config.crm;
  } finally {
    db.close();
  }
}

export function checkCrmCriteria(ctx: CrmCriteriaContext): CheckResult {
  const config = ctx.staffSettingsApplied ? ctx.config : configWithSavedStaffSettings(ctx.config, ctx.dataDir).config;
  let warnings: string[];
  try {
    warnings = criteriaWarnings(crmSettingsOf(config, ctx.dataDir), config);
  } catch (err) {
    return {
      id: 'crm-criteria',
      ok: false,
      severity: 'warning',
      detail: `could not read the CRM settings: ${(err as Error).message}`,
      fix: 'Run the store check above; the database may be damaged or locked.',
    };
  }
  if (!warnings.length)
    return { id: 'crm-criteria', ok: true, severity: 'warning', detail: "every field the stages' entry criteria name is on the intake form" };
  return {
    id: 'crm-criteria',
    ok: false,
    severity: 'warning',
    detail: warnings.join(' '),
    fix: "On the staff screen, open Settings > Stages and remove the field from those stages' entry criteria, or add the field back to the intake form.",
    data: { warnings },
  };
}
