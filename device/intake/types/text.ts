/** Free text: "anything else we should know?". Heard through the language model, kept as said. */
import { FIELD_MESSAGES as M } from '../../../base/field-messages.js';
import { z } from 'zod';
import { MAX_TEXT, fail, type FieldType } from './type.js';

export const textSettings = { maxLength: z.number().int().min(1).max(MAX_TEXT).optional() };

export const textType: FieldType = {
  kind: 'text',
  openVocabulary: true,
  title: 'Text',
  settings: textSettings,
  messages: { required: M.required.text, tooLong: 'That is a bit long. Please keep it under {max} characters.' },
  empty: '',
  check(field, raw, ctx) {
    const text = String(raw).trim().replace(/\s+/g, ' ');
    const max = field.maxLength ?? MAX_TEXT;
    if (text.length > max) return fail(field, 'tooLong', ctx, { max });
    return { ok: true, value: text };
  },
  expectation: () => ({ kind: 'free' }),
  spoken: (_f, value) => String(value),
  control: (field) => ({ control: 'text', keyboard: 'text', inputType: 'text', maxLength: field.maxLength ?? MAX_TEXT }),
  words: [],
};
