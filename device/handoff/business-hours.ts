/**
 * Opening hours (weekly spans plus closed days) in the device's time zone, and due times that count only open time:
 * a task due in 15 minutes created at 18:55, closing at 19:00, is due 10 minutes after the next opening.
 * An empty week means "always open" (due times are then plain durations).
 */
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import { atMinute, inWeek, isEmptyWeek, spansOn, weekSchema } from './weekly.js';

export const businessHoursSchema = z
  .object({
    /**
     * The time zone of the opening hours and the staff shifts (IANA, e.g. Europe/Paris); left out: the device's
     * (device.timezone).
     */
    timezone: z
      .string()
      .max(64)
      .refine((z) => IANAZone.isValidZone(z), 'not a time zone: use a name such as Europe/Paris or America/New_York')
      .optional(),
    week: weekSchema,
    /** Closed days, local dates 'YYYY-MM-DD'. */
    holidays: z
      .array(z.string().refine((d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && DateTime.fromISO(d).isValid, 'write a closed day as YYYY-MM-DD, e.g. 2026-12-25'))
      .max(400)
      .default([]),
  })
  .strict()
  .prefault({});
export type BusinessHours = z.output<typeof businessHoursSchema>;

/** A due time: N minutes and/or hours of (open) time after creation. */
export const dueSchema = z
  .object({
    minutes: z
      .number()
      .int()
      .min(0)
      .max(60 * 24 * 30)
      .default(0),
    hours: z
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .default(0),
    /** Count only open hours (default); false counts wall time. */
    businessHours: z.boolean().default(true),
  })
  .strict()
  .refine((d) => d.minutes + d.hours > 0, { message: 'give a due time: minutes or hours greater than 0' });
export type Due = z.output<typeof dueSchema>;

/** How far ahead to look for an opening: a year of closed days is a configuration that never opens. */
const MAX_DAYS_AHEAD = 400;

function isHoliday(hours: BusinessHours, day: DateTime): boolean {
  return hours.holidays.includes(day.toISODate() ?? '');
}

export function isOpen(hours: BusinessHours, at: Date, zone: string): boolean {
  if (isEmptyWeek(hours.week)) return true;
  return !isHoliday(hours, DateTime.fromJSDate(at, { zone })) && inWeek(hours.week, at, zone);
}

/** The open span containing `at` or the next one after it, as real instants; null if none within a year. */
export function openSpanFrom(hours: BusinessHours, at: Date, zone: string): { start: Date; end: Date } | null {
  const t = DateTime.fromJSDate(at, { zone });
  for (let i = 0; i <= MAX_DAYS_AHEAD; i++) {
    const day = t.plus({ days: i }).startOf('day');
    if (isHoliday(hours, day)) continue;
    for (const [from, to] of spansOn(hours.week, day.weekday)) {
      const start = atMinute(day, from);
      const end = atMinute(day, to);
      if (end <= t || end <= start) continue;
      return { start: (start > t ? start : t).toJSDate(), end: end.toJSDate() };
    }
  }
  return null;
}

/** The next moment the business opens at or after `at` (`at` itself when open). */
export function nextOpening(hours: BusinessHours, at: Date, zone: string): Date | null {
  if (isEmptyWeek(hours.week)) return at;
  return openSpanFrom(hours, at, zone)?.start ?? null;
}

/**
 * When a task created at `from` is due: `due` minutes+hours of open time later (or of wall time when
 * `due.businessHours` is false or the week is empty). Falls back to wall time if the business never opens.
 */
export function dueAt(hours: BusinessHours, from: Date, due: Pick<Due, 'minutes' | 'hours' | 'businessHours'>, zone: string): Date {
  let remaining = (due.minutes + due.hours * 60) * 60_000;
  if (!due.businessHours || isEmptyWeek(hours.week)) return new Date(from.getTime() + remaining);
  let t = from;
  for (let guard = 0; guard < 10_000; guard++) {
    const span = openSpanFrom(hours, t, zone);
    if (!span) break;
    const available = span.end.getTime() - span.start.getTime();
    if (remaining <= available) return new Date(span.start.getTime() + remaining);
    remaining -= available;
    t = span.end;
  }
  return new Date(from.getTime() + (due.minutes + due.hours * 60) * 60_000);
}
