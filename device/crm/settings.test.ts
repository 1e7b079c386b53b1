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
      path: 'taxonomy.1.tags.5.id',
      message: 'the tag "haircut" is in two categories ("service" and "campaign"); keep it in one',
    });
    expect(e.issues).toContainEqual({
      path: 'taxonomy.2.tags.4.synonyms.0',
      message: '"trims" already means the tag "haircut"; one phrase can mean only one tag',
    });
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
