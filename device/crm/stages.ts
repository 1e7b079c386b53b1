/**
 * Stage rules: a stage named by id or name, and the checks of a move (a note, the entry criteria of the stage). The
 * refusals name what is missing by the names staff know (the field's label, the tag's name).
 */
import { CrmError, listOf } from './errors.js';
import type { CrmFieldValue, CrmSettings, StageDef } from './types.js';

export const MAX_NOTE = 4000;

/** A stage by its id or its name as staff see it (any case); refuses an unknown one, naming the valid stages. */
export function resolveStage(stages: readonly StageDef[], ref: string): StageDef {
  const key = ref.trim().toLowerCase();
  const stage = stages.find((s) => s.id === key) ?? stages.find((s) => s.name.toLowerCase() === key);
  if (!stage)
    throw new CrmError('unknown_stage', `There is no stage "${ref.slice(0, 80)}". The stages are: ${stages.map((s) => `${s.name} (${s.id})`).join(', ')}.`);
  return stage;
}

/** Checks a note staff wrote; returns it trimmed. `what` names the change ('A stage change'). */
export function checkNote(note: string | null | undefined, what: string, hint: string): string {
  const text = (note ?? '').trim();
  if (!text) throw new CrmError('note_required', `${what} needs a note: ${hint}`);
  if (text.length > MAX_NOTE)
    throw new CrmError('invalid_value', `The note is ${text.length.toLocaleString('en')} characters long; keep it under ${MAX_NOTE.toLocaleString('en')}.`);
  return text;
}

/** True when a field holds something: not null, not blank text, not 'no', not an empty list. */
export function hasValue(v: CrmFieldValue | undefined): boolean {
  if (v === undefined || v === null || v === false) return false;
  if (typeof v === 'string') return v.trim() !== '';
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

export interface ContactFacts {
  fields: Record<string, CrmFieldValue>;
  /** Tag ids with their category ids. */
  tags: readonly { id: string; category: string }[];
}

/**
 * What a contact lacks to enter a stage, by the names staff know; empty when it may enter. `formFields` are the
 * intake form's fields (id -> label); when given, a criterion naming a field not on the form is not applied: no one
 * can fill it in, and the start and the doctor report it (criteria-fields.ts).
 */
export function missingFor(
  stage: StageDef,
  contact: ContactFacts,
  settings: Pick<CrmSettings, 'taxonomy'>,
  formFields?: Readonly<Record<string, string>>,
): string[] {
  const missing: string[] = [];
  for (const f of stage.criteria.fields) {
    if (formFields && !Object.hasOwn(formFields, f)) continue;
    if (!hasValue(contact.fields[f])) missing.push(formFields?.[f] ?? f);
  }
  for (const t of stage.criteria.tags) {
    if (t.startsWith('category:')) {
      const cat = t.slice('category:'.length);
      if (!contact.tags.some((x) => x.category === cat)) {
        const name = settings.taxonomy.find((c) => c.id === cat)?.name ?? cat;
        missing.push(`a tag of ${name}`);
      }
    } else if (!contact.tags.some((x) => x.id === t)) {
      const name = settings.taxonomy.flatMap((c) => c.tags).find((x) => x.id === t)?.name ?? t;
      missing.push(`the tag ${name}`);
    }
  }
  return missing;
}

/**
 * Checks a move to `target` (id or name) with its note; returns the stage and the trimmed note, or throws:
 * unknown_stage, note_required, invalid_value (same stage, huge note), criteria_unmet (with `missing`).
 */
export function checkStageMove(
  settings: Pick<CrmSettings, 'stages' | 'taxonomy'>,
  current: string | null,
  target: string,
  note: string | null | undefined,
  contact: ContactFacts,
  formFields?: Readonly<Record<string, string>>,
): { stage: StageDef; note: string } {
  const stage = resolveStage(settings.stages, target);
  const text = checkNote(note, 'A stage change', `say why the contact moves to ${stage.name}.`);
  if (stage.id === current) throw new CrmError('invalid_value', `The contact is already in ${stage.name}.`);
  const missing = missingFor(stage, contact, settings, formFields);
  if (missing.length)
    throw new CrmError('criteria_unmet', `Cannot move to ${stage.name}: it needs ${listOf(missing)}. ${stage.name} means: ${stage.definition}`, { missing });
  return { stage, note: text };
}
