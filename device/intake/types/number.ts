/** A number, within the field's limits, counted in its unit if any ("how many people?", "your age in years"). */
import { z } from 'zod';
import { spokenNumberOf, unitSingular } from '../../../models/understanding/index.js';
import { fail, type FieldType, type RepromptLine } from './type.js';

export const numberSettings = {
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
  /** Said after the number in the read-back and accepted after it in answers: "years", "people". */
  unit: z.string().trim().min(1).max(30).optional(),
  /** The unit said after exactly 1 ("person" for "people"); default: the unit's usual singular. */
  unitOne: z.string().trim().min(1).max(30).optional(),
  /** Whole numbers only (default true). */
  integer: z.boolean().optional(),
};

export const numberType: FieldType = {
  kind: 'number',
  title: 'Number',
  settings: numberSettings,
  settingsProblems: (f) =>
    f.min !== undefined && f.max !== undefined && f.min > f.max ? [`the smallest number (${f.min}) is larger than the largest (${f.max})`] : [],
  messages: {
    required: 'Please enter {label}.',
    invalid: 'Please enter a number.',
    whole: 'Please enter a whole number.',
    tooSmall: 'Please enter a number of at least {min}.',
    tooLarge: 'Please enter a number no larger than {max}.',
  },
  empty: '',
  check(field, raw, ctx) {
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim().length <= 60 ? parseNumber(raw, field.unit, field.unitOne) : null;
    if (n === null || !Number.isFinite(n)) return fail(field, 'invalid', ctx);
    if (field.integer !== false && !Number.isInteger(n)) return fail(field, 'whole', ctx);
    if (field.min !== undefined && n < field.min) return fail(field, 'tooSmall', ctx, { min: field.min });
    if (field.max !== undefined && n > field.max) return fail(field, 'tooLarge', ctx, { max: field.max });
    return { ok: true, value: n };
  },
  expectation: (field) => ({ kind: 'number', ...(field.unit ? { unit: field.unit } : {}), ...(field.unit && field.unitOne ? { unitOne: field.unitOne } : {}) }),
  spoken: (field, value) => `${String(value)}${field.unit ? ` ${Number(value) === 1 ? (field.unitOne ?? unitSingular(field.unit)) : field.unit}` : ''}`,
  // Asked again, the limits are said: "ten" for an age of at least 18 is a number, just not one that fits.
  reprompt(field): RepromptLine | null {
    const { min, max } = field;
    if (min !== undefined && max !== undefined) return { key: 'reprompt.numberBetween', vars: { min, max } };
    if (min !== undefined) return { key: 'reprompt.numberAtLeast', vars: { min } };
    return max !== undefined ? { key: 'reprompt.numberAtMost', vars: { max } } : null;
  },
  control: (field) => ({
    control: 'number',
    keyboard: 'phone',
    inputType: 'text',
    ...(field.min !== undefined ? { min: field.min } : {}),
    ...(field.max !== undefined ? { max: field.max } : {}),
    ...(field.unit ? { unit: field.unit } : {}),
  }),
  words: ['number', 'how many', 'the number'],
};

/** Typed digits ("12", "12.5", "1,200") or words, as the field's unit reads them ("just me" for a number of people). */
function parseNumber(raw: string, unit?: string, unitOne?: string): number | null {
  const t = raw.trim().replace(/(\d),(\d{3})\b/g, '$1$2');
  if (/^[-+]?\d+(\.\d+)?$/.test(t)) return Number(t);
  return spokenNumberOf(t, unit, unitOne);
}
