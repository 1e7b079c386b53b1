/**
 * A day, or a day and a time ("next Tuesday", "the fifth of January at three"), read relative to now in the
 * device's time zone; stored as an ISO string ('2027-01-05' or '2027-01-05T15:00', device-local). On screen: the
 * browser's native date (or date and time) picker.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { spokenDate, spokenDateValue } from '../../../models/understanding/index.js';
import { fail, type FieldType } from './type.js';

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
  messages: {
    required: 'Please choose {label}.',
    invalid: 'That date does not exist. Please check the day and month.',
    needTime: 'Please choose a time as well.',
    past: 'Please choose a day from today on.',
    future: 'Please choose a day in the past.',
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
    const when = field.when ?? (field.time ? 'future' : 'any');
    if (when === 'future' && day < today) return fail(field, 'past', ctx);
    if (when === 'past' && day > today) return fail(field, 'future', ctx);
    return { ok: true, value: reading.value };
  },
  expectation: (field) => ({ kind: 'date', time: field.time === true }),
  spoken: (_f, value) => spokenDateValue(String(value)),
  control: (field) => ({ control: 'date', inputType: field.time ? 'datetime-local' : 'date' }),
  words: ['date', 'the date', 'day', 'the day', 'time', 'the time', 'when'],
};
