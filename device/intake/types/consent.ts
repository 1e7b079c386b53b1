/**
 * Consent to keep the visitor's details: a yes, said or ticked. The words shown and spoken are the config's
 * consent text; what was agreed to is recorded with its hash (device/intake/consent.ts).
 */
import { FIELD_MESSAGES as M } from '../../../base/field-messages.js';
import { spokenYesNo } from '../../../models/understanding/index.js';
import { fail, type FieldType } from './type.js';

export const consentType: FieldType = {
  kind: 'consent',
  title: 'Consent',
  settings: {},
  messages: { required: M.required.consent },
  empty: false,
  check(field, raw, ctx) {
    if (raw === true) return { ok: true, value: true };
    const yn = typeof raw === 'string' && raw.length <= 200 ? (raw === 'true' ? 'yes' : spokenYesNo(raw)) : null;
    return yn === 'yes' ? { ok: true, value: true } : fail(field, 'required', ctx);
  },
  expectation: () => ({ kind: 'yesno' }),
  spoken: (_f, value) => (value === true ? 'yes' : 'no'),
  control: () => ({ control: 'consent' }),
  words: [],
};
