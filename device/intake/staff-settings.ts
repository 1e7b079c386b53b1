/**
 * What staff set on the staff screens (the intake form, the business profile, the opening hours, the robot's words), kept in one
 * JSON file in the data directory so it survives restarts, and merged over the config file at start. A save is
 * checked as a whole (the full config schema, then the form's own rules) before it is written or used.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError, parseConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { overOldLayer } from '../hours/layers.js';
import type { OpeningHours } from '../hours/schedule.js';
import { editorProblems, type FormProblem, type IntakeField } from './field-schema.js';

/** Who saved a section last (the staff member of the session, by id and name), and when. */
const savedSchema = z
  .object({
    by: z.object({ id: z.string().max(64), name: z.string().min(1).max(120) }).strict(),
    at: z.iso.datetime(),
  })
  .strict();
export type StaffSave = z.output<typeof savedSchema>;

/** The sections staff edit; each replaces the config's section where present. */
export const staffSettingsSchema = z
  .object({
    intake: z
      .object({ fields: z.array(z.unknown()).max(30), consentText: z.string().optional() })
      .strict()
      .optional(),
    business: z.record(z.string(), z.unknown()).optional(),
    messages: z.record(z.string(), z.string()).optional(),
    /** The one opening-hours schedule (config `business.openingHours`, device/hours/schedule.ts) as staff saved it. */
    hours: z.record(z.string(), z.unknown()).optional(),
    /** Each section's last save (a file written before saves were recorded has none). */
    saved: z
      .object({ intake: savedSchema.optional(), business: savedSchema.optional(), messages: savedSchema.optional(), hours: savedSchema.optional() })
      .strict()
      .optional(),
  })
  .strict();
export type StaffSettings = z.output<typeof staffSettingsSchema>;
/** The sections a save replaces. */
export type StaffSection = 'intake' | 'business' | 'messages' | 'hours';
export type StaffSettingsPatch = Pick<StaffSettings, StaffSection>;
export const STAFF_SECTIONS: readonly StaffSection[] = ['intake', 'business', 'messages', 'hours'];

/** `settings` with `patch` over it, each section it carries recorded as saved by `by` at `at`. */
export function applyStaffSave(settings: StaffSettings, patch: StaffSettingsPatch, by: StaffSave['by'], at: string): StaffSettings {
  const saved = { ...settings.saved };
  for (const section of STAFF_SECTIONS) if (patch[section] !== undefined) saved[section] = { by: { id: by.id, name: by.name }, at };
  return { ...settings, ...patch, saved };
}

/**
 * A save of the business profile over one saved before the one schedule (its hours in the older shape): the new
 * profile has no hours, so the schedule read from the old one (`schedule`, in force under the save) moves to the
 * staff's own `hours` first, or saving the address would silently drop the hours staff set.
 */
export function keepOldProfileHours(settings: StaffSettings, patch: StaffSettingsPatch, schedule: OpeningHours): StaffSettingsPatch {
  const old = settings.business;
  if (!patch.business || patch.hours || settings.hours || !old || (old.hours === undefined && old.holidays === undefined)) return patch;
  return { ...patch, hours: schedule as unknown as Record<string, unknown> };
}

export const STAFF_SETTINGS_FILE = 'staff-settings.json';

/** `base` with the staff's sections over it; throws ConfigError naming each problem (paths as in the config file). */
export function withStaffSettings(base: Config, settings: StaffSettings): Config {
  const raw = structuredClone(base) as unknown as Record<string, Record<string, unknown>>;
  if (settings.intake) raw.intake = { ...raw.intake, ...settings.intake };
  if (settings.business) {
    // A profile saved before the one schedule holds the hours in their older shape: read into the schedule under it.
    const { hours, holidays, ...profile } = settings.business;
    raw.business = { ...raw.business, ...profile };
    const schedule = overOldLayer(base.business.openingHours, { hours, holidays }, undefined);
    // Old hours that do not validate go to the schema as they are, so it names each problem at its place.
    if (schedule === 'invalid') Object.assign(raw.business, { hours, holidays, openingHours: undefined });
    else if (schedule) raw.business.openingHours = schedule;
  }
  if (settings.hours) raw.business = { ...raw.business, openingHours: settings.hours };
  // Staff own the lines they changed; the file's other overrides stay (a line set back to its default is saved as it).
  if (settings.messages) raw.messages = { ...raw.messages, ...settings.messages };
  const toProblem = (p: FormProblem) => ({
    path: ['intake', 'fields', ...p.path].map((x, i) => (typeof x === 'number' ? `[${x}]` : i ? `.${x}` : x)).join(''),
    reason: p.message,
  });
  // The editor's own rules, on the fields as sent, so they are named together with the schema's problems.
  const extra = settings.intake ? editorProblems(settings.intake.fields as Partial<IntakeField>[]).map(toProblem) : [];
  let config: Config;
  try {
    config = parseConfig(raw, 'staff settings');
  } catch (err) {
    if (err instanceof ConfigError && extra.length) throw new ConfigError('staff settings', [...err.problems, ...extra]);
    throw err;
  }
  if (extra.length) throw new ConfigError('staff settings', extra);
  return config;
}

/**
 * The config in effect for a tool beside the runtime (the CLI, the doctor): `base` with the staff settings saved in
 * `dataDir` over it, as the runtime starts; settings that no longer validate leave `base` and say why in `problem`.
 */
export function configWithSavedStaffSettings(base: Config, dataDir: string): { config: Config; problem: string | null } {
  try {
    return { config: withStaffSettings(base, new StaffSettingsFile(dataDir).load()), problem: null };
  } catch (err) {
    if (!(err instanceof ConfigError) && !(err instanceof SyntaxError)) throw err;
    return { config: base, problem: `the saved staff settings no longer validate; the file config is used: ${err.message}` };
  }
}

export class StaffSettingsFile {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, STAFF_SETTINGS_FILE);
  }

  /** The saved settings, or {} when none were saved; a damaged file is reported, never half-used. */
  load(): StaffSettings {
    if (!existsSync(this.file)) return {};
    const parsed = staffSettingsSchema.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
    if (!parsed.success)
      throw new ConfigError(
        this.file,
        parsed.error.issues.map((i) => ({ path: i.path.join('.'), reason: i.message })),
      );
    return parsed.data;
  }

  /** Writes atomically (temp file, fsync, rename): a power cut leaves the old settings or the new, never half. */
  save(settings: StaffSettings): void {
    const tmp = `${this.file}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(settings, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
  }
}
