/**
 * The field-type registry: one line per type. Adding a type is adding its module and its line here; the config
 * schema, validation, the dialog, the grammars and the kiosk's controls all go through this table.
 */
import { choiceType } from './choice.js';
import { consentType } from './consent.js';
import { dateType } from './date.js';
import { emailType } from './email.js';
import { multiChoiceType } from './multichoice.js';
import { nameType } from './name.js';
import { numberType } from './number.js';
import { phoneType } from './phone.js';
import { textType } from './text.js';
import type { FieldType } from './type.js';
import { yesNoType } from './yesno.js';

export const FIELD_TYPES = {
  text: textType,
  name: nameType,
  phone: phoneType,
  email: emailType,
  number: numberType,
  date: dateType,
  choice: choiceType,
  multichoice: multiChoiceType,
  yesno: yesNoType,
  consent: consentType,
} as const satisfies Record<string, FieldType>;

export type FieldKind = keyof typeof FIELD_TYPES;
export const FIELD_KINDS = Object.keys(FIELD_TYPES) as [FieldKind, ...FieldKind[]];

export function fieldType(kind: FieldKind): FieldType {
  return FIELD_TYPES[kind];
}

export type { FieldCheck, FieldContext, FieldType, FieldValue } from './type.js';
export { isBlank, labelWords } from './type.js';
