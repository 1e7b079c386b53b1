/** An email address: heard as name words and providers, or spelled with "at" and "dot"; stored lower-case. */
import { FIELD_MESSAGES as M } from '../../../base/field-messages.js';
import { isEmail } from '../../../models/understanding/index.js';
import { fail, type FieldType } from './type.js';

export const emailType: FieldType = {
  kind: 'email',
  remembered: true,
  title: 'Email',
  settings: {},
  messages: {
    required: M.required.email,
    invalid: M.emailShape,
  },
  empty: '',
  check(field, raw, ctx) {
    const email = String(raw).trim().toLowerCase();
    if (!isEmail(email)) return fail(field, 'invalid', ctx);
    return { ok: true, value: email };
  },
  expectation: () => ({ kind: 'email' }),
  spoken: (_f, value) => String(value),
  control: () => ({ control: 'text', keyboard: 'email', inputType: 'text', maxLength: 254 }),
  words: ['email', 'my email', 'the email', 'email address', 'my email address', 'the email address', 'address'],
  spelled: 'email',
};
