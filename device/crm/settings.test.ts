import { describe, expect, it } from 'vitest';
import { DEFAULT_CRM_SETTINGS } from './defaults.js';
import { CrmError } from './errors.js';
import { validateCrmSettings } from './settings.js';
import type { CrmSettings } from './types.js';

const FIELDS = ['name', 'phone', 'email', 'reason', 'consent'];
const clone = (): CrmSettings => structuredClone(DEFAULT_CRM_SETTINGS);

function refusal(input: unknown, fields: string[] | null = FIELDS): CrmError {
  try {
    validateCrmSettings(input, fields ?? undefined);
  } catch (err) {
    if (err instanceof CrmError) return err;
    throw err;
  }
  throw new Error('accepted');
}

describe('CRM settings validator', () => {
  it('accepts the defaults against the default intake fields', () => {
    expect(validateCrmSettings(clone(), FIELDS)).toEqual(DEFAULT_CRM_SETTINGS);
  });

  it('refuses an empty stage list', () => {
    const e = refusal({ ...clone(), stages: [] });
    expect(e.code).toBe('settings_invalid');
    expect(e.issues).toEqual([{ path: 'stages', message: 'add at least one stage' }]);
  });

  it('refuses duplicate stage ids and names, with the path', () => {
    const s = clone();
    s.stages.push({ ...s.stages[0]!, name: 'Another' });
    s.stages.push({ ...s.stages[1]!, id: 'x', name: 'marketing QUALIFIED' });
    const e = refusal(s);
    expect(e.issues.map((i) => i.path)).toEqual(['stages.6.id', 'stages.7.name']);
    expect(e.message).toMatch(/stages\.6\.id: the stage id "new-inquiry" is used twice/);
  });

  it('refuses a tag in two categories and a phrase meaning two tags', () => {
    const s = clone();
    s.taxonomy[1]!.tags.push({ id: 'haircut', name: 'Haircut deal', synonyms: [] });
    s.taxonomy[2]!.tags.push({ id: 'quick', name: 'Quick', synonyms: ['trims'] });
    const e = refusal(s);
    expect(e.issues).toContainEqual({
      path: `taxonomy.1.tags.${s.taxonomy[1]!.tags.length - 1}.id`,
      message: 'the tag "haircut" is in two categories ("service" and "campaign"); keep it in one',
    });
    expect(e.issues).toContainEqual({
      path: 'taxonomy.2.tags.4.synonyms.0',
      message: '"trims" already means the tag "haircut"; one phrase can mean only one tag',
    });
  });

  it('refuses a taxonomy with duplicates: a tag twice in one category, two categories or reasons of one id or name', () => {
    const s = clone();
    s.taxonomy[0]!.tags.push({ ...s.taxonomy[0]!.tags[0]!, name: 'Cut again', synonyms: [] });
    s.taxonomy.push({ id: s.taxonomy[1]!.id, name: 'Campaigns 2', tags: [] });
    s.taxonomy.push({ id: 'other-source', name: s.taxonomy[0]!.name.toUpperCase(), tags: [] });
    s.outcomeReasons.push({ id: 'price', name: 'Cost' }, { id: 'cost', name: ' price ' });
    const e = refusal(s);
    const at = (path: string) => e.issues.find((i) => i.path === path)?.message;
    const tag = s.taxonomy[0]!.tags[0]!.id;
    expect(at(`taxonomy.0.tags.${s.taxonomy[0]!.tags.length - 1}.id`)).toBe(`the tag "${tag}" is listed twice in the category "${s.taxonomy[0]!.name}"`);
    const last = s.taxonomy.length - 1;
    expect(at(`taxonomy.${last - 1}.id`)).toMatch(new RegExp(`^the category id "${s.taxonomy[1]!.id}" is used twice \\(also at taxonomy\\.1\\)`));
    expect(at(`taxonomy.${last}.name`)).toMatch(/^the category name ".*" is used twice \(also at taxonomy\.0\); staff could not tell them apart$/);
    const reasons = s.outcomeReasons.length;
    expect(at(`outcomeReasons.${reasons - 2}.id`)).toMatch(/^the outcome reason id "price" is used twice/);
    expect(at(`outcomeReasons.${reasons - 1}.name`)).toMatch(/^the outcome reason name "price" is used twice/);
    // The refusal names every problem at once, and the message carries each path for the config file's reader.
    expect(e.message).toContain(`taxonomy.${last - 1}.id:`);
  });

  it('refuses criteria naming unknown fields, tags or categories', () => {
    const s = clone();
    s.stages[2]!.criteria = { fields: ['phone', 'budget'], tags: ['category:services', 'vip'] };
    const e = refusal(s);
    expect(e.issues.map((i) => i.path).sort()).toEqual(['stages.2.criteria.fields.1', 'stages.2.criteria.tags.0', 'stages.2.criteria.tags.1']);
    expect(e.message).toMatch(/no intake field "budget" exists; the fields are name, phone/);
    // Without the intake (the config file), fields are not checked, the rest is.
    expect(refusal(s, null).issues.map((i) => i.path)).toEqual(['stages.2.criteria.tags.0', 'stages.2.criteria.tags.1']);
  });

  it('refuses bad shapes with a plain reason', () => {
    expect(refusal({ ...clone(), stages: [{ id: 'Bad Id', name: '', definition: 'x' }] }).issues.map((i) => i.path)).toEqual(['stages.0.id', 'stages.0.name']);
    expect(refusal({ ...clone(), retention: { noConsentDays: -1 } }).issues[0]!.path).toBe('retention.noConsentDays');
    expect(refusal({ ...clone(), extra: 1 }).code).toBe('settings_invalid');
    expect(refusal(null).code).toBe('settings_invalid');
    const s = clone();
    s.taxonomy[0]!.tags[0]!.synonyms.push('the');
    expect(refusal(s).issues[0]!.message).toMatch(/no word the matcher can use/);
  });
});
