/** A yes or no question ("have you been here before?"); stored as true or false. */
import { spokenYesNo } from '../../../models/understanding/index.js';
import { fail, type FieldType } from './type.js';

export const yesNoType: FieldType = {
  kind: 'yesno',
  title: 'Yes or no',
  settings: {},
  messages: { required: 'Please answer yes or no.', invalid: 'Please answer yes or no.' },
  // An unanswered optional yes/no is left out rather than stored as a "no" nobody said.
  empty: '',
  check(field, raw, ctx) {
    if (typeof raw === 'boolean') return { ok: true, value: raw };
    const text = String(raw).trim().toLowerCase();
    if (text === 'true') return { ok: true, value: true };
    if (text === 'false') return { ok: true, value: false };
    const yn = text.length <= 200 ? spokenYesNo(text) : null;
    return yn === null ? fail(field, 'invalid', ctx) : { ok: true, value: yn === 'yes' };
  },
  expectation: () => ({ kind: 'yesno' }),
  spoken: (_f, value) => (value === true ? 'yes' : 'no'),
  control: () => ({ control: 'yesno' }),
  words: [],
};
