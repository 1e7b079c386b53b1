/** One option out of several, said by its label or a synonym ("a cut" for Haircut); stored as the option's value. */
import { FIELD_MESSAGES as M } from '../../../base/field-messages.js';
import { z } from 'zod';
import { fail, type FieldContext, type FieldCheck, type FieldType, type FieldValue, type IntakeField } from './type.js';

export const choiceOptionSchema = z.object({
  value: z.string().min(1).max(64),
  label: z.string().min(1).max(80),
  synonyms: z.array(z.string().min(1).max(80)).max(30).default([]),
});

export const choiceSettings = { choices: z.array(choiceOptionSchema).max(30).optional() };

/**
 * Shared by single and multiple choice: options present, values unique, labels unique as a visitor reads and says
 * them (any case, spaces around): of two options labelled alike the first always wins (`optionOf`, the grammar).
 */
export function choiceProblems(field: IntakeField): string[] {
  const options = field.choices ?? [];
  if (options.length === 0) return ['a choice needs its options: add at least one'];
  const seen = new Set<string>();
  const dup = options.map((o) => o.value).filter((v) => (seen.has(v) ? true : (seen.add(v), false)));
  const problems = dup.length ? [`options must have different values (${[...new Set(dup)].join(', ')} twice)`] : [];
  const byLabel = new Map<string, (typeof options)[number]>();
  for (const o of options) {
    const key = o.label.trim().toLowerCase();
    const first = byLabel.get(key);
    if (!first) byLabel.set(key, o);
    else if (first.value !== o.value)
      problems.push(
        `in "${field.label}", the options "${first.label}" (${first.value}) and "${o.label}" (${o.value}) have the same label: a visitor choosing it would always get the first; give each option its own label`,
      );
  }
  return problems;
}

/** The option a typed or stored value names: its value, or its label in any case. */
export function optionOf(field: IntakeField, raw: FieldValue): string | null {
  const text = String(raw).trim();
  if (text.length > 200) return null;
  const lower = text.toLowerCase();
  return field.choices?.find((c) => c.value === text || c.label.toLowerCase() === lower)?.value ?? null;
}

export function labelOf(field: IntakeField, value: string): string {
  return field.choices?.find((c) => c.value === value)?.label ?? value;
}

export const choiceType: FieldType = {
  kind: 'choice',
  title: 'Single choice',
  settings: choiceSettings,
  settingsProblems: choiceProblems,
  messages: { required: M.required.choice, unknown: M.choiceUnknown },
  empty: '',
  check(field: IntakeField, raw: FieldValue, ctx: FieldContext): FieldCheck {
    const v = optionOf(field, Array.isArray(raw) && raw.length === 1 ? raw[0]! : raw);
    return v === null ? fail(field, 'unknown', ctx) : { ok: true, value: v };
  },
  expectation: (field) => ({ kind: 'choice', choices: (field.choices ?? []).map((c) => ({ value: c.value, label: c.label, synonyms: c.synonyms })) }),
  spoken: (field, value) => labelOf(field, String(value)),
  control: () => ({ control: 'choice' }),
  words: ['reason', 'the reason', 'service', 'the service', 'option', 'the option'],
};
