/**
 * The one schedule where config is laid in layers (the file, the staff's saves, a cloud push, handoff settings staff
 * saved before the schedule existed): a layer written in an older shape is read into the schedule under it.
 * - A layer's old-shape hours are newer than the schedule under them, so they replace it (its time zone stays when
 *   the layer has none). Within one layer, the business profile's week wins over the task hours (./legacy.ts).
 * - A layer in the new shape (`business.openingHours`) replaces the schedule as a whole; having both shapes in one
 *   layer is refused (which would win is not clear).
 */
import { fromOldProfile, mergeOldHours, oldProfileHolidaysSchema, oldProfileHoursSchema, saysAnything } from './legacy.js';
import { hoursSet, openingHoursSchema, type OpeningHours } from './schedule.js';

/** `next` (read from an older layer) over `base`: its week when it has one, its days off, its time zone or the base's. */
function over(base: OpeningHours, next: OpeningHours): OpeningHours {
  return openingHoursSchema.parse({
    ...next,
    ...((next.timezone ?? base.timezone) ? { timezone: next.timezone ?? base.timezone } : {}),
    week: hoursSet(next) ? next.week : base.week,
  });
}

/**
 * A layer's old-shape hours over the schedule under it: `profile` the business profile's `hours`/`holidays` as the
 * layer holds them, `tasks` the handoff's `businessHours`. A profile layer alone over task hours (a profile staff
 * saved over a file whose hours were the handoff's) is the two older places side by side, merged as in one file.
 * Null when the layer says nothing about hours; 'invalid' when what it says does not validate (the caller leaves it
 * in place so the full config schema names each problem).
 */
export function overOldLayer(base: OpeningHours, profile: { hours?: unknown; holidays?: unknown }, tasks: unknown): OpeningHours | null | 'invalid' {
  const hours = profile.hours === undefined ? undefined : oldProfileHoursSchema.safeParse(profile.hours);
  const holidays = profile.holidays === undefined ? undefined : oldProfileHolidaysSchema.safeParse(profile.holidays);
  const taskHours = tasks === undefined ? undefined : openingHoursSchema.safeParse(tasks);
  if (hours?.success === false || holidays?.success === false || taskHours?.success === false) return 'invalid';
  const business = fromOldProfile(hours?.data, holidays?.data);
  const from = base.merged?.from;
  const underTasks = tasks === undefined && business && (from === 'tasks' || from === 'both') ? base : null;
  const merged = mergeOldHours(business, taskHours?.data ?? underTasks);
  return merged ? over(base, merged) : null;
}

/**
 * Task hours staff saved with the handoff settings before the one schedule (the handoff_settings table), read into
 * the schedule in force: they are newer than task hours from the config file, and lose to the business profile's
 * week (./legacy.ts). A schedule written in the new shape (by staff on the Opening hours screen, the file or a push)
 * is newer than any of them and stays. Returns `schedule` itself when nothing changes.
 */
export function withSavedTaskHours(schedule: OpeningHours, saved: OpeningHours | null): OpeningHours {
  if (!saysAnything(saved)) return schedule;
  const from = schedule.merged?.from;
  const newShape = from === undefined && (hoursSet(schedule) || schedule.holidays.length > 0);
  if (newShape) return schedule;
  const business = from === 'business' || from === 'both' ? schedule : null;
  const merged = mergeOldHours(business, saved);
  return merged && JSON.stringify(merged) !== JSON.stringify(schedule) ? merged : schedule;
}

/**
 * The config file's (or one layer's) handoff `businessHours`, in the older shape, read into the business profile's
 * schedule: the last step of the config schema. Refused when the profile already holds a schedule in the new shape.
 */
export function withHandoffHours<C extends { business: { openingHours: OpeningHours }; handoff: { businessHours?: OpeningHours | undefined } }>(
  config: C,
  refuse: (path: string[], message: string) => void,
): C {
  // The handoff section comes out without it (its type keeps the optional key: older saved settings may hold it).
  const { businessHours, ...rest } = config.handoff;
  const handoff = rest as C['handoff'];
  if (!saysAnything(businessHours)) return { ...config, handoff };
  const schedule = config.business.openingHours;
  const from = schedule.merged?.from;
  if (from === undefined && (hoursSet(schedule) || schedule.holidays.length > 0)) {
    refuse(
      ['handoff', 'businessHours'],
      'the opening hours are now one schedule, business.openingHours; this has both: move the hours there and remove handoff.businessHours',
    );
    return { ...config, handoff };
  }
  const business = from === 'business' ? schedule : null;
  const merged = mergeOldHours(business, businessHours) ?? schedule;
  return { ...config, business: { ...config.business, openingHours: from === undefined && schedule.timezone ? over(schedule, merged) : merged }, handoff };
}
