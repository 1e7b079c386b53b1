/**
 * One intake field as configured: what every field has (id, label, prompt, re-prompt, help, required) and the
 * settings of each type (./types/*), merged into one shape; each type checks its own settings.
 */
import { z } from 'zod';
import { choiceSettings } from './types/choice.js';
import { dateSettings } from './types/date.js';
import { FIELD_KINDS, FIELD_TYPES } from './types/index.js';
import { numberSettings } from './types/number.js';
import { textSettings } from './types/text.js';

export const fieldIdSchema = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'use lower-case letters, digits and _ (start with a letter, at most 32 characters)');

/** Settings of every type, in one object (a type's settings are ignored by the others). */
const TYPE_SETTINGS = { ...textSettings, ...numberSettings, ...dateSettings, ...choiceSettings };

/** The longest prompt, re-prompt or help line, in characters (also the bound of the staff "hear the prompt" route). */
export const PROMPT_MAX_CHARS = 300;

export const intakeFieldObject = z.object({
  id: fieldIdSchema,
  kind: z.enum(FIELD_KINDS, { error: () => `unknown field type: use one of ${FIELD_KINDS.join(', ')}` }),
  label: z.string().min(1).max(80),
  /** What the robot says to ask for this field. */
  prompt: z.string().min(1).max(PROMPT_MAX_CHARS),
  /** What it says when it asks again after an answer it could not use; default: a line per type (messages). */
  reprompt: z.string().min(1).max(PROMPT_MAX_CHARS).optional(),
  /** A line under the field on screen, and what the robot says when asked "what do you mean?". */
  help: z.string().min(1).max(300).optional(),
  required: z.boolean().default(true),
  placeholder: z.string().max(80).optional(),
  /**
   * Whether a returning visitor's answer is confirmed instead of asked again; default: the type's (name, phone and
   * email yes; reasons, dates, free text no). Set true for an answer about the person, e.g. a preferred contact method.
   */
  remembered: z.boolean().optional(),
  ...TYPE_SETTINGS,
});

/** One field; its type's own checks (a choice needs options) run over the whole form in `fieldsProblems`. */
export const intakeFieldSchema = intakeFieldObject;

export type IntakeField = z.output<typeof intakeFieldObject>;
export type IntakeFieldInput = z.input<typeof intakeFieldObject>;

export interface FormProblem {
  /** Index path inside the list of fields, e.g. [1, 'choices']. */
  path: (string | number)[];
  message: string;
}

/** Problems of a list of fields that one field alone cannot show: ids unique, each type's own settings. */
export function fieldsProblems(fields: readonly IntakeField[]): FormProblem[] {
  const out: FormProblem[] = [];
  const seen = new Map<string, number>();
  fields.forEach((f, i) => {
    const first = seen.get(f.id);
    if (first !== undefined) out.push({ path: [i, 'id'], message: `"${f.id}" is used by another field (field ${first + 1}); ids must be unique` });
    else seen.set(f.id, i);
    if (f.kind === 'consent' && f.remembered) out.push({ path: [i, 'remembered'], message: 'consent is asked on every visit: it cannot be remembered' });
    for (const message of FIELD_TYPES[f.kind].settingsProblems?.(f) ?? []) out.push({ path: [i, f.kind.includes('choice') ? 'choices' : 'kind'], message });
  });
  return out;
}

/** What staff may not save (the editor): everything of `fieldsProblems`, and the rules of `editorProblems`. */
export function formProblems(fields: readonly IntakeField[]): FormProblem[] {
  return [...fieldsProblems(fields), ...editorProblems(fields)];
}

/**
 * Rules of a form staff save (a config file written before them still loads): consent present once and required,
 * a person name, two options at least per choice. Reads fields defensively: they may not have passed the schema yet.
 */
export function editorProblems(fields: readonly Partial<Pick<IntakeField, 'kind' | 'required' | 'choices'>>[]): FormProblem[] {
  const out: FormProblem[] = [];
  const consent = fields.map((f, i) => ({ f, i })).filter(({ f }) => f.kind === 'consent');
  if (consent.length === 0) out.push({ path: [], message: 'the form needs its consent field: without it no lead may be kept' });
  if (consent.length > 1) out.push({ path: [consent[1]!.i, 'kind'], message: 'the form has one consent field only' });
  fields.forEach((f, i) => {
    if (typeof f.kind === 'string' && f.kind.includes('choice') && Array.isArray(f.choices) && f.choices.length === 1)
      out.push({ path: [i, 'choices'], message: 'a choice needs at least two options' });
  });
  for (const { f, i } of consent) if (f.required === false) out.push({ path: [i, 'required'], message: 'consent must stay required' });
  if (!fields.some((f) => f.kind === 'name')) out.push({ path: [], message: 'one field must be a person name, so every lead has a name' });
  return out;
}
