/**
 * Intake validation: the one authority on whether a value is acceptable, for touch and voice alike. Messages are
 * written for the customer at the kiosk, not for a developer.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { isEmail } from '../../models/understanding/index.js';
import type { IntakeField } from '../config/schema.js';
import { FIELD_MESSAGES as M } from '../../base/field-messages.js';

export type FieldValue = string | boolean;

export type FieldCheck = { ok: true; value: FieldValue } | { ok: false; message: string };

function isBlank(v: FieldValue | undefined): boolean {
  return v === undefined || v === false || (typeof v === 'string' && v.trim() === '');
}

/** Checks and normalizes one value (phone to E.164, email lower-case, name trimmed). */
export function checkField(field: IntakeField, raw: FieldValue | undefined, country: string): FieldCheck {
  if (isBlank(raw)) {
    if (!field.required) return { ok: true, value: field.kind === 'consent' ? false : '' };
    return { ok: false, message: M.required[field.kind] };
  }
  if (field.kind === 'consent') return raw === true || raw === 'true' || raw === 'yes' ? { ok: true, value: true } : { ok: false, message: M.required.consent };
  const text = String(raw).trim();
  switch (field.kind) {
    case 'name':
      if (text.length > 120) return { ok: false, message: M.nameTooLong };
      if (!/\p{L}/u.test(text)) return { ok: false, message: M.nameNeedsLetters };
      return { ok: true, value: text.replace(/\s+/g, ' ') };
    case 'phone': {
      const digits = text.replace(/[^0-9]/g, '');
      if (digits.length < 6) return { ok: false, message: M.phoneTooShort };
      const phone = parsePhoneNumberFromString(text, country as CountryCode);
      if (!phone || !phone.isPossible()) return { ok: false, message: M.phoneNotPossible };
      return { ok: true, value: phone.number };
    }
    case 'email': {
      const email = text.toLowerCase();
      if (!isEmail(email)) return { ok: false, message: M.emailShape };
      return { ok: true, value: email };
    }
    case 'choice': {
      const choice = field.choices?.find((c) => c.value === text || c.label.toLowerCase() === text.toLowerCase());
      if (!choice) return { ok: false, message: M.choiceUnknown };
      return { ok: true, value: choice.value };
    }
    case 'text':
      if (text.length > 1000) return { ok: false, message: M.textTooLong };
      return { ok: true, value: text };
  }
}

/** Checks every field; returns normalized values or the customer-facing message per rejected field. */
export function checkAll(
  fields: readonly IntakeField[],
  values: Record<string, FieldValue>,
  country: string,
): { values: Record<string, FieldValue>; errors: Record<string, string> } {
  const out: Record<string, FieldValue> = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const r = checkField(f, values[f.id], country);
    if (r.ok) out[f.id] = r.value;
    else errors[f.id] = r.message;
  }
  return { values: out, errors };
}

/** How the robot reads a value back: phone digits grouped, emails spelled out by the TTS normalizer later. */
export function spokenValue(field: IntakeField, value: FieldValue): string {
  if (field.kind === 'choice') return field.choices?.find((c) => c.value === value)?.label ?? String(value);
  if (field.kind === 'phone') return String(value).replace(/^\+1/, '').replace(/\D/g, '').split('').join(' ');
  return String(value);
}
