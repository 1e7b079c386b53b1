/**
 * Client-side checks of the intake form, in words a customer understands. These are the basics only (required,
 * email shape, enough phone digits) so the customer hears about a slip at once; the server's 422 `fieldErrors`
 * are authoritative and are shown the same way.
 */
import type { FieldValueView, IntakeFieldView } from '../../device/http/contract.js';
import { FIELD_MESSAGES as M } from '../../base/field-messages.js';
import type { FieldValues } from './api.js';

export const PHONE_MIN_DIGITS = 7;
export const PHONE_MAX_DIGITS = 15; // E.164

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@.]{2,}$/;
const PHONE_CHARS = /^[0-9+\-().\s]+$/;
/** "ext 45", "ext. 45", "extension 45", "x45", "#45" after the number. */
const PHONE_EXTENSION = /\d[\s\-().]*(?:ext\.?|extension|x|#)\s*(\d{1,10})\s*$/i;

/** Words used only when an older runtime sent no messages with its fields. */
const FALLBACK: Record<string, string> = {
  required: 'Please fill this in.',
  invalid: 'That does not look right. Please check it.',
  unknown: 'Please choose one of the options.',
  tooShort: 'That phone number looks too short. Please include the area code.',
  tooLong: 'That is too long. Please shorten it.',
  tooSmall: 'That number is too small.',
  tooLarge: 'That number is too large.',
  whole: 'Please enter a whole number.',
};

const MISSING: Partial<Record<IntakeFieldView['kind'], string>> = M.required;

/** The runtime's words for this field's check `code` (device/intake/messages.ts), so screen and robot agree. */
function say(field: IntakeFieldView, code: string): string {
  if (field.messages) return field.messages[code] ?? field.messages.invalid ?? FALLBACK.invalid!;
  if (code === 'required') return MISSING[field.kind] ?? FALLBACK.required!;
  if (field.kind === 'phone' && code === 'invalid') return M.phoneTooLong;
  if (field.kind === 'phone' && code === 'tooShort') return M.phoneTooShort;
  if (field.kind === 'email' && code === 'invalid') return M.emailShape;
  if (code === 'unknown') return M.choiceUnknown;
  return FALLBACK[code] ?? FALLBACK.invalid!;
}

function blank(raw: FieldValueView | undefined): boolean {
  return raw === undefined || raw === false || (typeof raw === 'string' && raw.trim() === '') || (Array.isArray(raw) && raw.length === 0);
}

/** The message for one field, or null when its value is acceptable. */
export function validateField(field: IntakeFieldView, raw: FieldValueView | undefined): string | null {
  if (field.kind === 'consent') return field.required && raw !== true ? say(field, 'required') : null;
  if (blank(raw)) return field.required ? say(field, 'required') : null;
  if (typeof raw === 'boolean' || Array.isArray(raw)) {
    if (Array.isArray(raw) && field.choices && raw.some((v) => !matchesChoice(field.choices!, v))) return say(field, 'unknown');
    return null;
  }
  const value = String(raw).trim();
  const max = field.control?.maxLength;
  if (max !== undefined && value.length > max) return say(field, 'tooLong');
  if (field.kind === 'email' && !EMAIL_SHAPE.test(value)) return say(field, 'invalid');
  if (field.kind === 'choice' && field.choices && !matchesChoice(field.choices, value)) return say(field, 'unknown');
  if (field.kind === 'phone') {
    // An extension is told as one (the runtime cannot keep it), not as stray characters.
    const ext = PHONE_EXTENSION.exec(value);
    if (ext) return (field.messages?.extension ?? M.phoneExtension).replace('{ext}', ext[1]!);
    if (!PHONE_CHARS.test(value)) return M.phoneCharacters;
    const digits = value.replace(/\D/g, '').length;
    if (digits < PHONE_MIN_DIGITS) return say(field, 'tooShort');
    if (digits > PHONE_MAX_DIGITS) return say(field, 'invalid');
  }
  if (field.kind === 'number') {
    if (!/^[-+]?\d[\d,]*(\.\d+)?$/.test(value)) return say(field, 'invalid');
    const n = Number(value.replace(/,/g, ''));
    const c = field.control;
    if (c?.min !== undefined && n < c.min) return say(field, 'tooSmall');
    if (c?.max !== undefined && n > c.max) return say(field, 'tooLarge');
  }
  if (field.kind === 'date') {
    // The picker lets a year like 0001 be typed; the field's years (its control's min/max) say what may be kept.
    const year = Number(/^(\d{4,})-/.exec(value)?.[1] ?? NaN);
    const c = field.control;
    const bound = c?.min !== undefined && year < c.min ? 'tooSmall' : c?.max !== undefined && year > c.max ? 'tooLarge' : null;
    if (bound) return say(field, bound).replace('{year}', String(year));
  }
  return null;
}

/** The runtime takes a choice's value or, in any case, its label. */
function matchesChoice(choices: NonNullable<IntakeFieldView['choices']>, value: string): boolean {
  const lower = value.toLowerCase();
  return choices.some((c) => c.value === value || c.label.toLowerCase() === lower);
}

/** Every field's message, keyed by field id; empty when the form may be sent. */
export function validateForm(fields: IntakeFieldView[], values: FieldValues): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const message = validateField(field, values[field.id]);
    if (message) errors[field.id] = message;
  }
  return errors;
}

/** "Jane Q. Doe" -> "Jane", for the thank-you screen. */
export function firstName(fullName: string): string {
  return fullName.trim().split(/\s+/)[0] ?? '';
}
