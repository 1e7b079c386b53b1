/**
 * Due times that count only open time in the business's one opening-hours schedule (device/hours/schedule.ts):
 * a task due in 15 minutes created at 18:55, closing at 19:00, is due 10 minutes after the next opening.
 * A schedule with no hours (unset) means "always open": due times are then plain durations, as before the schedule.
 * A holiday with hours of its own counts those hours; one without is closed all day.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { hoursSet, openingHoursSchema, spansOnDate, type OpeningHours } from '../hours/schedule.js';
import { atMinute } from './weekly.js';

/** The one schedule (device/hours/schedule.ts); the handoff's older `businessHours` has the same shape. */
export const businessHoursSchema = openingHoursSchema;
export type BusinessHours = OpeningHours;

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

export function isOpen(hours: BusinessHours, at: Date, zone: string): boolean {
  if (!hoursSet(hours)) return true;
  const local = DateTime.fromJSDate(at, { zone });
  const minute = local.hour * 60 + local.minute + local.second / 60;
  return spansOnDate(hours, local).some(([from, to]) => minute >= from && minute < to);
}

/** The open span containing `at` or the next one after it, as real instants; null if none within a year. */
export function openSpanFrom(hours: BusinessHours, at: Date, zone: string): { start: Date; end: Date } | null {
  const t = DateTime.fromJSDate(at, { zone });
  for (let i = 0; i <= MAX_DAYS_AHEAD; i++) {
    const day = t.plus({ days: i }).startOf('day');
    // A holiday's own hours (none: closed) stand for its weekday's.
    for (const [from, to] of spansOnDate(hours, day)) {
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
  if (!hoursSet(hours)) return at;
  return openSpanFrom(hours, at, zone)?.start ?? null;
}

/**
 * When a task created at `from` is due: `due` minutes+hours of open time later (or of wall time when
 * `due.businessHours` is false or the week is empty). Falls back to wall time if the business never opens.
 */
export function dueAt(hours: BusinessHours, from: Date, due: Pick<Due, 'minutes' | 'hours' | 'businessHours'>, zone: string): Date {
  let remaining = (due.minutes + due.hours * 60) * 60_000;
  if (!due.businessHours || !hoursSet(hours)) return new Date(from.getTime() + remaining);
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
