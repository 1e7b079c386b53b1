/**
 * Client-side checks of the intake form, in words a customer understands. These are the basics only (required,
 * email shape, enough phone digits) so the customer hears about a slip at once; the server's 422 `fieldErrors`
 * are authoritative and are shown the same way.
 */
import type { IntakeFieldView } from '../../device/http/contract.js';
import { FIELD_MESSAGES as M } from '../../base/field-messages.js';
import type { FieldValues } from './api.js';

export const PHONE_MIN_DIGITS = 7;
export const PHONE_MAX_DIGITS = 15; // E.164

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@.]{2,}$/;
const PHONE_CHARS = /^[0-9+\-().\s]+$/;

const MISSING: Record<IntakeFieldView['kind'], string> = M.required;

/** The message for one field, or null when its value is acceptable. */
export function validateField(field: IntakeFieldView, raw: string | boolean | undefined): string | null {
  if (field.kind === 'consent') return field.required && raw !== true ? MISSING.consent : null;
  const value = typeof raw === 'string' ? raw.trim() : '';
  if (value === '') return field.required ? MISSING[field.kind] : null;
  if (field.kind === 'email' && !EMAIL_SHAPE.test(value)) {
    return M.emailShape;
  }
  if (field.kind === 'choice' && field.choices && !matchesChoice(field.choices, value)) return M.choiceUnknown;
  if (field.kind === 'phone') {
    if (!PHONE_CHARS.test(value)) return M.phoneCharacters;
    const digits = value.replace(/\D/g, '').length;
    if (digits < PHONE_MIN_DIGITS) return M.phoneTooShort;
    if (digits > PHONE_MAX_DIGITS) return M.phoneTooLong;
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
