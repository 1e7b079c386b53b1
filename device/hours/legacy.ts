/**
 * The two places opening hours lived before the one schedule (./schedule.ts), read into it:
 * - the business profile's `hours` (one open-close per weekday, a day null or left out closed) and `holidays` (named
 *   days, closed or with other hours): what the robot told visitors;
 * - the handoff's `businessHours` (spans per weekday, closed days, a time zone): what follow-up tasks counted.
 * When both hold a week and they disagree, the business profile's week wins (it is what visitors were told); the
 * closed days of both are kept, and the time zone is the handoff's (the profile had none). The result carries a note
 * in plain words for the staff screen.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { WEEKDAYS } from '../handoff/weekly.js';
import { hoursSet, openingHoursSchema, type MergedFrom, type OpeningHours } from './schedule.js';

/** The profile's weekday names, in the order of the schedule's (mon ... sun). */
export const LONG_DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
const DAY_WORDS: Record<(typeof WEEKDAYS)[number], string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use 24-hour time like 09:00 or 18:30');
/** One day's opening in the profile's old shape: from-to, or null when closed. */
const oldOpeningSchema = z
  .object({ open: clock, close: clock })
  .strict()
  .refine((o) => o.open < o.close, 'the opening time must be before the closing time')
  .nullable();

/** The business profile's old `hours`. */
export const oldProfileHoursSchema = z.partialRecord(z.enum(LONG_DAYS), oldOpeningSchema);
/** The business profile's old `holidays`. */
export const oldProfileHolidaysSchema = z
  .array(
    z
      .object({
        date: z.string().refine((d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && DateTime.fromISO(d).isValid, 'use a date like 2026-12-25'),
        name: z.string().min(1).max(80),
        hours: oldOpeningSchema.default(null),
      })
      .strict(),
  )
  .max(100)
  // The one schedule keeps one entry per day: a day listed twice is refused here, where staff wrote it.
  .superRefine((days, ctx) => {
    days.forEach((d, i) => {
      if (days.findIndex((x) => x.date === d.date) < i) ctx.addIssue({ code: 'custom', path: [i, 'date'], message: `${d.date} is listed twice: keep one` });
    });
  });
export type OldProfileHours = z.output<typeof oldProfileHoursSchema>;
export type OldProfileHolidays = z.output<typeof oldProfileHolidaysSchema>;

/** The profile's old hours and holidays as a schedule (null: neither says anything). */
export function fromOldProfile(hours: OldProfileHours | undefined, holidays: OldProfileHolidays | undefined): OpeningHours | null {
  if (!Object.keys(hours ?? {}).length && !holidays?.length) return null;
  const week = Object.fromEntries(
    WEEKDAYS.map((d, i) => {
      const o = hours?.[LONG_DAYS[i]!];
      return [d, o ? [`${o.open}-${o.close}`] : []];
    }),
  );
  const days = (holidays ?? []).map((h) => ({ date: h.date, name: h.name, hours: h.hours ? [`${h.hours.open}-${h.hours.close}`] : [] }));
  return openingHoursSchema.parse({ week, holidays: days });
}

/** Whether the handoff's old hours say anything (a week, a closed day or a time zone). */
export function saysAnything(hours: OpeningHours | null | undefined): hours is OpeningHours {
  return !!hours && (hoursSet(hours) || hours.holidays.length > 0 || hours.timezone !== undefined);
}

const dayText = (spans: readonly string[]) => (spans.length ? spans.join(', ') : 'closed');

/** The weekdays on which two weeks differ, in words: "Monday: 09:00-19:00 (tasks) / 10:00-18:00 (kept)". */
function differences(kept: OpeningHours, other: OpeningHours): string[] {
  return WEEKDAYS.filter((d) => kept.week[d].join(',') !== other.week[d].join(',')).map(
    (d) => `${DAY_WORDS[d]}: ${dayText(kept.week[d])} kept, the task hours said ${dayText(other.week[d])}`,
  );
}

/**
 * One schedule from the two old places: `business` (the profile's, already read with fromOldProfile) and `tasks`
 * (the handoff's). Null when neither says anything.
 */
export function mergeOldHours(business: OpeningHours | null, tasks: OpeningHours | null): OpeningHours | null {
  const b = business && (hoursSet(business) || business.holidays.length) ? business : null;
  const t = saysAnything(tasks) ? tasks : null;
  if (!b && !t) return null;
  const bWeek = !!b && hoursSet(b);
  const tWeek = !!t && hoursSet(t);
  const week = bWeek ? b.week : (t?.week ?? b!.week);
  const named = b?.holidays ?? [];
  const extra = (t?.holidays ?? []).filter((h) => !named.some((n) => n.date === h.date));
  const holidays = [...named, ...extra].sort((x, y) => x.date.localeCompare(y.date));
  const from: MergedFrom['from'] = b && t ? 'both' : b ? 'business' : 'tasks';
  const notes: string[] = [];
  if (from === 'business')
    notes.push(
      bWeek
        ? 'Made from the hours on the Business tab. Follow-up tasks now count these hours too (before, they counted every hour of the day).'
        : 'Made from the holidays on the Business tab; no weekday has hours yet.',
    );
  else if (from === 'tasks')
    notes.push(
      tWeek
        ? 'Made from the hours follow-up tasks used (the old Opening hours settings). The robot now tells visitors these hours too.'
        : 'Made from the closed days follow-up tasks used; no weekday has hours yet.',
    );
  else if (bWeek && tWeek) {
    const diff = differences(b!, t!);
    notes.push(
      diff.length
        ? `The hours on the Business tab and the task hours were different. The Business tab's hours were kept (they are what visitors were told): ${diff.join('; ')}.`
        : 'The hours on the Business tab and the task hours were the same; they are now one schedule.',
    );
  } else if (tWeek) notes.push('The weekly hours come from the task hours (the Business tab had none); the robot now tells visitors these hours too.');
  else if (bWeek) notes.push('The weekly hours come from the Business tab (the task hours had none); follow-up tasks now count these hours too.');
  if (extra.length && named.length) notes.push('The closed days of both were kept.');
  return openingHoursSchema.parse({
    ...(t?.timezone ? { timezone: t.timezone } : {}),
    week,
    holidays,
    merged: { from, note: notes.join(' ') },
  });
}
