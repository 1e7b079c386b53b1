/**
 * The one validator of CRM settings, for the config file, the settings screen and the cloud alike: structure (zod)
 * and the rules between its parts (no duplicates, a tag in one category only, criteria that name known fields, tags
 * and categories, at least one stage). Each problem comes back with its path and a plain reason.
 */
import { z } from 'zod';
import { CrmError, type SettingsIssue } from './errors.js';
import type { CrmSettings } from './types.js';
import { stemsOf } from './words.js';

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'use lower-case letters, digits and - (at most 64 characters)');
const name = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `keep it under ${max} characters`);

export const stageDefSchema = z
  .object({
    id,
    name: name(60),
    definition: name(600),
    criteria: z
      .object({
        fields: z.array(z.string().min(1).max(32)).max(20).default([]),
        tags: z.array(z.string().min(1).max(80)).max(20).default([]),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export const tagDefSchema = z.object({ id, name: name(80), synonyms: z.array(name(80)).max(100).default([]) }).strict();
export const tagCategorySchema = z.object({ id, name: name(80), tags: z.array(tagDefSchema).max(200) }).strict();
export const outcomeReasonSchema = z.object({ id, name: name(80) }).strict();
export const retentionSchema = z.object({ noConsentDays: z.number().int().min(1).max(3650).nullable() }).strict();

export const crmSettingsShape = z
  .object({
    stages: z.array(stageDefSchema).min(1, 'add at least one stage').max(30),
    taxonomy: z.array(tagCategorySchema).max(30),
    outcomeReasons: z.array(outcomeReasonSchema).max(50),
    retention: retentionSchema,
  })
  .strict();

/** The rules between the parts; `fieldIds` (the intake's fields) checks criteria fields when known. */
export function settingsIssues(s: CrmSettings, fieldIds?: readonly string[]): SettingsIssue[] {
  const issues: SettingsIssue[] = [];
  const add = (path: (string | number)[], message: string) => issues.push({ path: path.join('.'), message });
  const unique = (items: readonly { id: string; name: string }[], where: string, what: string) => {
    const ids = new Map<string, number>();
    const names = new Map<string, number>();
    items.forEach((it, i) => {
      if (ids.has(it.id)) add([where, i, 'id'], `the ${what} id "${it.id}" is used twice (also at ${where}.${ids.get(it.id)}); give each ${what} its own id`);
      else ids.set(it.id, i);
      const n = it.name.trim().toLowerCase();
      if (names.has(n))
        add([where, i, 'name'], `the ${what} name "${it.name}" is used twice (also at ${where}.${names.get(n)}); staff could not tell them apart`);
      else names.set(n, i);
    });
  };
  unique(s.stages, 'stages', 'stage');
  unique(s.taxonomy, 'taxonomy', 'category');
  unique(s.outcomeReasons, 'outcomeReasons', 'outcome reason');

  const tagHome = new Map<string, string>(); // tag id -> category id
  const phraseHome = new Map<string, string>(); // stems of a phrase -> tag id
  s.taxonomy.forEach((c, ci) => {
    c.tags.forEach((t, ti) => {
      const home = tagHome.get(t.id);
      if (home === c.id) add(['taxonomy', ci, 'tags', ti, 'id'], `the tag "${t.id}" is listed twice in the category "${c.name}"`);
      else if (home) add(['taxonomy', ci, 'tags', ti, 'id'], `the tag "${t.id}" is in two categories ("${home}" and "${c.id}"); keep it in one`);
      else tagHome.set(t.id, c.id);
      [t.name, ...t.synonyms].forEach((p, pi) => {
        const path = pi === 0 ? ['taxonomy', ci, 'tags', ti, 'name'] : ['taxonomy', ci, 'tags', ti, 'synonyms', pi - 1];
        const stems = [...new Set(stemsOf(p))].sort().join(' ');
        if (!stems) {
          add(path, `"${p}" has no word the matcher can use (only small words like "the" or "a"); write the words that mean this tag`);
          return;
        }
        const other = phraseHome.get(stems);
        if (other && other !== t.id) add(path, `"${p}" already means the tag "${other}"; one phrase can mean only one tag`);
        else phraseHome.set(stems, t.id);
      });
    });
  });
  const categories = new Set(s.taxonomy.map((c) => c.id));
  s.stages.forEach((st, si) => {
    st.criteria.tags.forEach((t, ti) => {
      if (t.startsWith('category:')) {
        const cat = t.slice('category:'.length);
        if (!categories.has(cat))
          add(['stages', si, 'criteria', 'tags', ti], `no tag category "${cat}" exists; the categories are ${[...categories].join(', ') || '(none)'}`);
      } else if (!tagHome.has(t))
        add(['stages', si, 'criteria', 'tags', ti], `no tag "${t}" exists in the taxonomy; add it there or remove it from the criteria`);
    });
    if (fieldIds)
      st.criteria.fields.forEach((f, fi) => {
        if (!fieldIds.includes(f))
          add(['stages', si, 'criteria', 'fields', fi], `no intake field "${f}" exists; the fields are ${fieldIds.join(', ') || '(none)'}`);
      });
  });
  return issues;
}

/** The rules as a zod refinement, for this schema and the config file's `crm` section alike. */
export function refineSettings(fieldIds?: readonly string[]) {
  return (s: CrmSettings, ctx: z.RefinementCtx): void => {
    for (const i of settingsIssues(s, fieldIds))
      ctx.addIssue({ code: 'custom', path: i.path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)), message: i.message });
  };
}

/** The zod schema of CRM settings with every rule: `fieldIds` known (the settings screen) or not (the config file). */
export function crmSettingsSchema(fieldIds?: readonly string[]) {
  return crmSettingsShape.superRefine(refineSettings(fieldIds));
}

/** Validates settings; throws CrmError('settings_invalid') listing every problem as "path: reason". */
export function validateCrmSettings(input: unknown, fieldIds?: readonly string[]): CrmSettings {
  const r = crmSettingsSchema(fieldIds).safeParse(input);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ path: i.path.join('.') || '(settings)', message: i.message }));
  throw new CrmError('settings_invalid', `The CRM settings were refused: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}.`, { issues });
}
