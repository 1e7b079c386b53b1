/**
 * The business's one weekly opening-hours schedule, with its holidays and closures: what the robot tells visitors
 * ("are you open on Sunday?") and what follow-up tasks count their due times in. It lives in the business profile
 * (`business.openingHours`); ./legacy.ts reads the two older places (the profile's `hours`/`holidays` and the handoff's
 * `businessHours`) into it.
 *
 * Unset (no day has any hours): the robot does not talk about hours, and due times are plain durations (always open).
 */
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import { daySpansSchema, spansOf, WEEKDAYS, weekSchema, type Span, type Week } from '../handoff/weekly.js';

const dateSchema = z
  .string({ message: 'write the date as YYYY-MM-DD, e.g. 2026-12-25' })
  .refine((d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && DateTime.fromISO(d).isValid, 'write the date as YYYY-MM-DD, e.g. 2026-12-25');

/** A day that differs from the week: closed (no hours, the default) or open other hours. */
export const holidaySchema = z.preprocess(
  // A bare date (how the handoff's hours listed closed days) is a day closed all day.
  (v) => (typeof v === 'string' ? { date: v } : v),
  z
    .object({
      date: dateSchema,
      /** What it is, as the robot says it ("Christmas"); left out: the robot just says the day. */
      name: z.string().trim().min(1, 'give the day a name, or leave the name out').max(80, 'is longer than 80 characters').optional(),
      /** Its hours like a weekday's ("10:00-14:00"); none: closed all day. */
      hours: daySpansSchema,
    })
    .strict(),
);
export type Holiday = z.output<typeof holidaySchema>;

/** How a schedule was made from older settings (written by the device; shown to staff until they save the hours). */
export const mergedSchema = z
  .object({
    /** Which older place the week came from. */
    from: z.enum(['business', 'tasks', 'both']),
    /** What staff should know, in plain words (which hours won, what was merged). */
    note: z.string().max(2000),
  })
  .strict();
export type MergedFrom = z.output<typeof mergedSchema>;

/** The schedule as written; ./openingHoursSchema below is the same with every part optional. */
export const openingHoursObjectSchema = z
  .object({
    /** The time zone of the hours (and of staff shifts), IANA, e.g. Europe/Paris; left out: the device's. */
    timezone: z
      .string()
      .max(64)
      .refine((tz) => IANAZone.isValidZone(tz), 'not a time zone: use a name such as Europe/Paris or America/New_York')
      .optional(),
    week: weekSchema,
    holidays: z
      .array(holidaySchema)
      .max(400, 'at most 400 holidays and closed days')
      .default([])
      .superRefine((days, ctx) => {
        const seen = new Set<string>();
        days.forEach((d, i) => {
          if (seen.has(d.date)) ctx.addIssue({ code: 'custom', path: [i, 'date'], message: `${d.date} is listed twice: keep one` });
          seen.add(d.date);
        });
      }),
    merged: mergedSchema.optional(),
  })
  .strict();
export const openingHoursSchema = openingHoursObjectSchema.prefault({});
export type OpeningHours = z.output<typeof openingHoursSchema>;
export type OpeningHoursInput = z.input<typeof openingHoursSchema>;

export const UNSET_HOURS: OpeningHours = openingHoursSchema.parse({});

/** Whether any day has hours: unset, the robot does not talk about hours and tasks count every hour. */
export function hoursSet(hours: OpeningHours): boolean {
  return WEEKDAYS.some((d) => hours.week[d].length > 0);
}

/** The holiday on a local date, if any. */
export function holidayOn(hours: OpeningHours, isoDate: string): Holiday | undefined {
  return hours.holidays.find((h) => h.date === isoDate);
}

/** The open spans of one local date (a holiday's, else its weekday's), sorted; [] when closed. */
export function spansOnDate(hours: OpeningHours, day: DateTime): Span[] {
  const holiday = holidayOn(hours, day.toISODate() ?? '');
  return holiday ? spansOf(holiday.hours) : spansOf(hours.week[WEEKDAYS[day.weekday - 1]!]);
}

/** The schedule without the device's note on how it was made (what staff save). */
export function withoutMergeNote(hours: OpeningHours): OpeningHours {
  const { merged: _merged, ...rest } = hours;
  return rest;
}

export type { Week };
