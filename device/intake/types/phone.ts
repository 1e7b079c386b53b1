/**
 * A phone number: digits heard in the shapes of the country's numbers, stored in E.164. An extension ("ext 45",
 * "x45", "#45") is refused, never dropped: the contact's phone is its E.164 match key (docs/sync.md, the CRM
 * contract), which has no room for one, and a number kept without the extension the visitor gave would be wrong.
 */
import { FIELD_MESSAGES as M } from '../../../base/field-messages.js';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { fail, type FieldType } from './type.js';

export const phoneType: FieldType = {
  kind: 'phone',
  remembered: true,
  title: 'Phone number',
  settings: {},
  messages: {
    required: M.required.phone,
    tooShort: M.phoneTooShort,
    invalid: M.phoneNotPossible,
    extension: M.phoneExtension,
  },
  empty: '',
  check(field, raw, ctx) {
    const text = String(raw).trim();
    if (text.length > 40) return fail(field, 'invalid', ctx);
    const digits = text.replace(/[^0-9]/g, '');
    if (digits.length < 6) return fail(field, 'tooShort', ctx);
    const phone = parsePhoneNumberFromString(text, ctx.country as CountryCode);
    if (phone?.ext) return fail(field, 'extension', ctx, { ext: phone.ext });
    if (!phone || !phone.isPossible()) return fail(field, 'invalid', ctx);
    return { ok: true, value: phone.number };
  },
  expectation: () => ({ kind: 'phone' }),
  // Digits one by one; the country code of the device's own region is left out.
  spoken: (_f, value) => String(value).replace(/^\+1/, '').replace(/\D/g, '').split('').join(' '),
  control: () => ({ control: 'text', keyboard: 'phone', inputType: 'tel', maxLength: 40 }),
  words: ['phone', 'phone number', 'my phone number', 'the phone number', 'number', 'my number', 'the number', 'cell', 'mobile'],
};
