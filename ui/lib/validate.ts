/**
 * Client-side checks of the intake form, in words a customer understands. These are the basics only (required,
 * email shape, enough phone digits) so the customer hears about a slip at once; the server's 422 `fieldErrors`
 * are authoritative and are shown the same way.
 */
import type { IntakeFieldView } from '../../device/http/contract.js';
import type { FieldValues } from './api.js';

export const PHONE_MIN_DIGITS = 7;
export const PHONE_MAX_DIGITS = 15; // E.164

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@.]{2,}$/;
const PHONE_CHARS = /^[0-9+\-().\s]+$/;

const MISSING: Record<IntakeFieldView['kind'], string> = {
  name: 'Please tell us your name.',
  phone: 'Please enter your phone number.',
  email: 'Please enter your email address.',
  text: 'Please fill this in.',
  choice: 'Please choose one of the options.',
  consent: 'Please tick the box to agree.',
};

/** The message for one field, or null when its value is acceptable. */
export function validateField(field: IntakeFieldView, raw: string | boolean | undefined): string | null {
  if (field.kind === 'consent') return field.required && raw !== true ? MISSING.consent : null;
  const value = typeof raw === 'string' ? raw.trim() : '';
  if (value === '') return field.required ? MISSING[field.kind] : null;
  if (field.kind === 'email' && !EMAIL_SHAPE.test(value)) {
    return 'That email address does not look right. It should look like name@example.com.';
  }
  if (field.kind === 'choice' && field.choices && !matchesChoice(field.choices, value)) return MISSING.choice;
  if (field.kind === 'phone') {
    if (!PHONE_CHARS.test(value)) return 'A phone number can only have digits, spaces and + - ( ).';
    const digits = value.replace(/\D/g, '').length;
    if (digits < PHONE_MIN_DIGITS) return 'That phone number looks too short. Please include the area code.';
    if (digits > PHONE_MAX_DIGITS) return 'That phone number looks too long. Please check it.';
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
