/** A person's name: heard through the name grammar, or spelled letter by letter ("m as in Mike"). */
import { FIELD_MESSAGES as M } from '../../../base/field-messages.js';
import { fail, type FieldType } from './type.js';

const MAX_NAME = 120;

export const nameType: FieldType = {
  kind: 'name',
  remembered: true,
  openVocabulary: true,
  title: 'Person name',
  settings: {},
  messages: {
    required: M.required.name,
    tooLong: M.nameTooLong,
    letters: M.nameNeedsLetters,
  },
  empty: '',
  check(field, raw, ctx) {
    const text = String(raw).trim().replace(/\s+/g, ' ');
    if (text.length > MAX_NAME) return fail(field, 'tooLong', ctx);
    if (!/\p{L}/u.test(text) || /\d/.test(text)) return fail(field, 'letters', ctx);
    return { ok: true, value: text };
  },
  expectation: () => ({ kind: 'name' }),
  spoken: (_f, value) => String(value),
  control: () => ({ control: 'text', keyboard: 'text', inputType: 'text', autocap: 'words', maxLength: MAX_NAME }),
  words: ['name', 'my name', 'the name', 'the spelling of my name', 'first name', 'last name', 'surname'],
  spelled: 'name',
};
