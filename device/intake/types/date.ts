/**
 * A day, or a day and a time ("next Tuesday", "the fifth of January at three"), read relative to now in the
 * device's time zone; stored as an ISO string ('2027-01-05' or '2027-01-05T15:00', device-local). On screen: the
 * browser's native date (or date and time) picker.
 *
 * Years are bounded (1900-2100 unless the field's `min`/`max`, the settings it shares with numbers, give its own
 * earliest and latest year): a birth date in year 1 or 9999 is a slip of the picker or the ear, never a customer.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { spokenDate, spokenDateValue } from '../../../models/understanding/index.js';
import { fail, labelWords, type FieldType, type IntakeField, type RepromptLine } from './type.js';

/** The years a date may have when its field sets none. */
export const DATE_MIN_YEAR = 1900;
export const DATE_MAX_YEAR = 2100;

/** The field's earliest and latest year. */
export function dateYears(field: Pick<IntakeField, 'min' | 'max'>): { min: number; max: number } {
  return { min: field.min ?? DATE_MIN_YEAR, max: field.max ?? DATE_MAX_YEAR };
}

export const dateSettings = {
  /** Ask for a time of day too (an appointment); default: the day only (a start date, a birthday). */
  time: z.boolean().optional(),
  /** Which days are accepted: 'future' (default for a time), 'past' (a birthday) or 'any'. */
  when: z.enum(['any', 'future', 'past']).optional(),
};

export const dateType: FieldType = {
  kind: 'date',
  title: 'Date and time',
  settings: dateSettings,
  settingsProblems(f) {
    const out: string[] = [];
    for (const [name, y] of [
      ['earliest year (min)', f.min],
      ['latest year (max)', f.max],
    ] as const)
      if (y !== undefined && !(Number.isInteger(y) && y >= 1 && y <= 9999)) out.push(`a date's ${name} must be a whole year from 1 to 9999, not ${y}`);
    const { min, max } = dateYears(f);
    if (!out.length && min > max) out.push(`the earliest year (${min}) is after the latest (${max})`);
    return out;
  },
  messages: {
    required: 'Please choose {label}.',
    invalid: 'That date does not exist. Please check the day and month.',
    needTime: 'Please choose a time as well.',
    past: 'Please choose a day from today on.',
    future: 'Please choose a day in the past.',
    tooSmall: 'The year {year} is too early for your {label}. Please choose a date from {min} to {max}.',
    tooLarge: 'The year {year} is too late for your {label}. Please choose a date from {min} to {max}.',
  },
  empty: '',
  check(field, raw, ctx) {
    const text = String(raw).trim();
    if (text.length > 80) return fail(field, 'invalid', ctx);
    const reading = spokenDate(text, { now: ctx.now(), timezone: ctx.timezone, time: field.time === true });
    if (!reading) return fail(field, 'invalid', ctx);
    if (field.time && !reading.hasTime) return fail(field, 'needTime', ctx);
    const today = DateTime.fromJSDate(ctx.now(), { zone: ctx.timezone }).toISODate()!;
    const day = reading.value.slice(0, 10);
    const year = Number(day.slice(0, 4));
    const years = dateYears(field);
    if (year < years.min) return fail(field, 'tooSmall', ctx, { year, ...years });
    if (year > years.max) return fail(field, 'tooLarge', ctx, { year, ...years });
    const when = field.when ?? (field.time ? 'future' : 'any');
    if (when === 'future' && day < today) return fail(field, 'past', ctx);
    if (when === 'past' && day > today) return fail(field, 'future', ctx);
    return { ok: true, value: reading.value };
  },
  // A day in the past (a birthday) is said with its year; other days are not, and a year heard in noise would be a guess.
  expectation: (field) => ({ kind: 'date', time: field.time === true, ...(field.when === 'past' ? { years: true } : {}) }),
  spoken: (_f, value) => spokenDateValue(String(value)),
  // Asked again after a year out of bounds, the bounds are said; otherwise the type's usual line.
  reprompt(field, refused): RepromptLine | null {
    if (refused !== 'tooSmall' && refused !== 'tooLarge') return null;
    return { key: 'reprompt.dateYears', vars: { label: labelWords(field), ...dateYears(field) } };
  },
  control: (field) => ({ control: 'date', inputType: field.time ? 'datetime-local' : 'date', ...dateYears(field) }),
  words: ['date', 'the date', 'day', 'the day', 'time', 'the time', 'when'],
};
