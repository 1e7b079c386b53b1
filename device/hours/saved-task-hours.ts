/**
 * Task hours staff saved on the old Opening hours tab, with the handoff settings in the database (before the one
 * schedule): read at start into the schedule (./layers.ts withSavedTaskHours) and, when that changes it, written
 * once into the staff's saved opening hours with a note for the screen, so later starts need them no more.
 */
import { HandoffStore } from '../handoff/store.js';
import type { Db } from '../store/database.js';
import { openingHoursSchema, type OpeningHours } from './schedule.js';
import { withSavedTaskHours } from './layers.js';

/** The task hours in the latest saved handoff settings, with who saved them; null when none (or not readable). */
export function savedTaskHours(db: Db): { hours: OpeningHours; by: string } | null {
  const store = new HandoffStore(db);
  const body = store.savedSettings() as { businessHours?: unknown } | null;
  if (!body || body.businessHours === undefined) return null;
  const parsed = openingHoursSchema.safeParse(body.businessHours);
  return parsed.success ? { hours: parsed.data, by: store.savedBy() ?? 'staff' } : null;
}

/** The schedule to save for staff when the saved task hours change `schedule`, else null. */
export function scheduleWithSavedTaskHours(schedule: OpeningHours, db: Db): { hours: OpeningHours; by: string } | null {
  const saved = savedTaskHours(db);
  if (!saved) return null;
  const next = withSavedTaskHours(schedule, saved.hours);
  return next === schedule ? null : { hours: next, by: saved.by };
}
