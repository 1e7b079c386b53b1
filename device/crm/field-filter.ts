/**
 * The leads list's filter on one answer ("Service: Hair coloring"): the field is looked up in the form in force and
 * the value checked and written the way the answers table stores it (crm-store.ts `fieldColumns`), so the staff
 * route and the command line refuse the same things with the same words.
 */
import type { IntakeField } from '../config/schema.js';
import { labelOf, optionOf } from '../intake/types/choice.js';
import { checkField } from '../visit/fields.js';
import { CrmError, listOf } from './errors.js';
import type { DashboardAnswer } from './types.js';

/** What the query compares: the stored text of the field (`value_text`), or for several choices one of them. */
export interface FieldFilter {
  id: string;
  text: string;
  /**
   * 'exact': the stored text equals it; 'caseless': free text, equal in any case (ASCII, SQLite's NOCASE); 'anyOf': a
   * multiple-choice answer holds this option among others.
   */
  match: 'exact' | 'caseless' | 'anyOf';
}

const YES = new Set(['yes', 'true']);
const NO = new Set(['no', 'false']);

export function unknownFieldError(field: string, fields: readonly IntakeField[]): CrmError {
  return new CrmError('unknown_field', `There is no field "${field.slice(0, 40)}". The fields are: ${fields.map((f) => f.id).join(', ')}.`);
}

/** The filter for `field` = `value`, or a CrmError naming the field's options or the kind of value it takes. */
export function fieldFilterOf(fields: readonly IntakeField[], filter: { id: string; value: string }, country: string): FieldFilter {
  const def = fields.find((f) => f.id === filter.id);
  if (!def) throw unknownFieldError(filter.id, fields);
  const value = filter.value.trim();
  const label = `"${def.label}"`;
  if (value === '') throw new CrmError('invalid_value', `Give a value to filter ${label} on.`);
  const bad = (what: string) => new CrmError('invalid_value', `${label} ${what}, not "${value.slice(0, 40)}".`);
  switch (def.kind) {
    case 'choice':
    case 'multichoice': {
      const option = optionOf(def, value);
      if (option === null) throw bad(`is one of ${listOf((def.choices ?? []).map((c) => `${c.label} (${c.value})`))}`);
      return { id: def.id, text: option, match: def.kind === 'multichoice' ? 'anyOf' : 'exact' };
    }
    case 'yesno':
    case 'consent': {
      const v = value.toLowerCase();
      if (!YES.has(v) && !NO.has(v)) throw bad('is yes or no');
      return { id: def.id, text: YES.has(v) ? 'true' : 'false', match: 'exact' };
    }
    case 'number': {
      const n = Number(value);
      if (!Number.isFinite(n)) throw bad('is a number');
      return { id: def.id, text: String(n), match: 'exact' };
    }
    case 'phone': {
      const r = checkField({ ...def, required: true }, value, country);
      if (!r.ok) throw bad('is a phone number');
      return { id: def.id, text: String(r.value), match: 'exact' };
    }
    case 'email':
      return { id: def.id, text: value.toLowerCase(), match: 'exact' };
    default:
      // Free text, names and dates: the answer as stored, in any case (staff type "allergic to latex").
      return { id: def.id, text: value, match: 'caseless' };
  }
}

/** The kinds of question a dashboard filters on whose answers are a few options: rolled up (migration 17). */
const ROLLED_UP_KINDS: ReadonlySet<IntakeField['kind']> = new Set(['choice', 'multichoice', 'yesno', 'consent']);

/** The form's questions whose filtered dashboard reads the rollups (device/store/answered-rollups.ts). */
export function rolledUpQuestions(fields: readonly IntakeField[]): string[] {
  return fields.filter((f) => ROLLED_UP_KINDS.has(f.kind)).map((f) => f.id);
}

/** A checked filter in staff's words: the question's label and the answer as shown (an option's label, Yes or No). */
export function answerWords(fields: readonly IntakeField[], filter: FieldFilter): DashboardAnswer {
  const def = fields.find((f) => f.id === filter.id);
  const kind = def?.kind;
  const shown =
    def && (kind === 'choice' || kind === 'multichoice')
      ? labelOf(def, filter.text)
      : kind === 'yesno' || kind === 'consent'
        ? filter.text === 'true'
          ? 'Yes'
          : 'No'
        : filter.text;
  return { field: filter.id, label: def?.label ?? filter.id, value: filter.text, shown };
}
