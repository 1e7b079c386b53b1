/**
 * A weekly schedule as staff write it: for each day, spans of local wall-clock time ("09:00-19:00"). Used for staff
 * shifts and for the business's opening hours. Times are in the device's time zone; "24:00" ends a span at midnight.
 * Spans never cross midnight (write "22:00-24:00" on one day and "00:00-06:00" on the next).
 */
import { DateTime } from 'luxon';
import { z } from 'zod';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const SPAN = /^([01]\d|2[0-3]):([0-5]\d)-(([01]\d|2[0-3]):([0-5]\d)|24:00)$/;

/** Minutes after local midnight, [from, to). */
export type Span = readonly [number, number];

export function parseSpan(text: string): Span | null {
  const m = SPAN.exec(text);
  if (!m) return null;
  const from = Number(m[1]) * 60 + Number(m[2]);
  const to = m[3] === '24:00' ? 24 * 60 : Number(m[4]) * 60 + Number(m[5]);
  return to > from ? [from, to] : null;
}

const spanSchema = z.string().refine((s) => parseSpan(s) !== null, {
  message: 'write a span as "HH:MM-HH:MM" in 24-hour time, ending after it starts (e.g. "09:00-17:30"; "24:00" for midnight)',
});

/** One day's spans (sorted or not, never overlapping). */
export const daySpansSchema = z
  .array(spanSchema)
  .max(8, 'at most 8 spans a day')
  .default([])
  .superRefine((spans, ctx) => {
    const parsed = spans.map(parseSpan).filter((s): s is Span => s !== null);
    const sorted = [...parsed].sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i]![0] < sorted[i - 1]![1]) ctx.addIssue({ code: 'custom', message: 'spans of one day overlap: merge them into one' });
    }
  });

export const weekSchema = z
  .object(Object.fromEntries(WEEKDAYS.map((d) => [d, daySpansSchema])) as Record<Weekday, typeof daySpansSchema>)
  .strict()
  .prefault({});
export type Week = z.output<typeof weekSchema>;

/** The spans of one weekday (luxon weekday: 1 = Monday ... 7 = Sunday), sorted. */
export function spansOn(week: Week, weekday: number): Span[] {
  const day = WEEKDAYS[weekday - 1];
  return day ? spansOf(week[day]) : [];
}

/** Spans as written ("09:00-12:30") parsed and sorted. */
export function spansOf(texts: readonly string[]): Span[] {
  return texts
    .map(parseSpan)
    .filter((s): s is Span => s !== null)
    .sort((a, b) => a[0] - b[0]);
}

export function isEmptyWeek(week: Week): boolean {
  return WEEKDAYS.every((d) => week[d].length === 0);
}

/** The local moment `minutes` after the start of `day` (a local date in its zone); wall-clock, so DST-correct. */
export function atMinute(day: DateTime, minutes: number): DateTime {
  const start = day.startOf('day');
  if (minutes >= 24 * 60) return start.plus({ days: 1 }).startOf('day');
  // fromObject puts a wall time that does not exist (a spring-forward gap) just after the gap.
  return DateTime.fromObject(
    { year: start.year, month: start.month, day: start.day, hour: Math.floor(minutes / 60), minute: minutes % 60 },
    { zone: start.zone },
  );
}

/** Whether the local time of `at` (in `zone`) falls inside one of the week's spans. */
export function inWeek(week: Week, at: Date, zone: string): boolean {
  const local = DateTime.fromJSDate(at, { zone });
  const minute = local.hour * 60 + local.minute + local.second / 60;
  return spansOn(week, local.weekday).some(([from, to]) => minute >= from && minute < to);
}
