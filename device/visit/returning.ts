/**
 * What a returning visitor may be told and given back. Whoever says or types a phone number or an email at the kiosk
 * is not yet proven to be its owner, and the lobby hears the robot: so only answers about the person carry over
 * (`remembered`), and the robot says them masked — the first name, the email's domain, the phone's last two digits.
 */
import type { IntakeField } from '../config/schema.js';
import { fieldType, labelWords } from '../intake/types/index.js';
import type { FieldContext, FieldValue } from './fields.js';

/** Whether a returning visitor's answer to this field is confirmed instead of asked again (never consent). */
export function isRemembered(field: IntakeField): boolean {
  if (field.kind === 'consent') return false;
  return field.remembered ?? fieldType(field.kind).remembered ?? false;
}

const DIGIT_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/** "Keiko Tanaka" -> "Keiko". */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? '';
}

/** "keiko@mail.example.com" -> "mail dot example dot com". */
export function spokenDomain(email: string): string {
  const at = email.lastIndexOf('@');
  return email
    .slice(at + 1)
    .split('.')
    .filter(Boolean)
    .join(' dot ');
}

/** "+14155550142" -> "four two". */
export function lastDigits(phone: string, n = 2): string {
  return [...phone.replace(/\D/g, '').slice(-n)].map((d) => DIGIT_WORDS[Number(d)]!).join(' ');
}

/** One known answer as the robot may say it to someone not yet proven to be its owner. */
export function maskedItem(field: IntakeField, value: FieldValue, ctx: FieldContext): string {
  const label = labelWords(field);
  switch (field.kind) {
    case 'name':
      return ctx.message('returningItem.name', { first: firstName(String(value)) });
    case 'email':
      return ctx.message('returningItem.email', { domain: spokenDomain(String(value)) });
    case 'phone':
      return ctx.message('returningItem.phone', { last: lastDigits(String(value)) });
    case 'choice':
    case 'multichoice':
    case 'yesno':
      // An option from the business's own short list identifies no one.
      return ctx.message('returningItem.choice', { label, value: fieldType(field.kind).spoken(field, value, ctx) });
    default:
      return ctx.message('returningItem.other', { label });
  }
}

/** The same known answer as the kiosk may show it (./visit.ts `keep`): "Keiko", "…@mail.example.com", "… 42". */
export function maskedText(field: IntakeField, value: FieldValue, ctx: FieldContext): string {
  switch (field.kind) {
    case 'name':
      return firstName(String(value));
    case 'email':
      return `…@${String(value).slice(String(value).lastIndexOf('@') + 1)}`;
    case 'phone':
      return `… ${String(value).replace(/\D/g, '').slice(-2)}`;
    case 'choice':
    case 'multichoice':
    case 'yesno':
      return fieldType(field.kind).spoken(field, value, ctx);
    default:
      return '…';
  }
}
