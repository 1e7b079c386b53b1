import { describe, expect, it } from 'vitest';
import type { CrmSettings } from '../../../device/http/contract.js';
import { criteriaText } from './contact-actions.js';
import { slug } from './settings.js';

describe('ids for new settings entries', () => {
  it('come from the name, plain and stable', () => {
    expect(slug('Hair coloring', 'x')).toBe('hair-coloring');
    expect(slug('  Crème brûlée & Co. ', 'x')).toBe('creme-brulee-co');
  });
  it('fall back to a numbered id when a name has no Latin letters', () => {
    expect(slug('山田', 'stage-7')).toBe('stage-7');
    expect(slug('', 'reason-2')).toBe('reason-2');
  });
});

describe('a stage’s entry criteria in words', () => {
  const settings = {
    taxonomy: [{ id: 'service', name: 'Service interest', tags: [{ id: 'hair-coloring', name: 'Hair coloring', synonyms: [] }] }],
  } as unknown as CrmSettings;
  const stage = (fields: string[], tags: string[]) => ({ id: 's', name: 'S', definition: 'd', criteria: { fields, tags } });

  it('names fields by their label and tags by their name or category', () => {
    expect(criteriaText(stage(['phone'], ['category:service', 'hair-coloring']), settings, (f) => (f === 'phone' ? 'Phone number' : f))).toBe(
      'To enter it, a contact needs phone number, a Service interest tag, the tag Hair coloring.',
    );
  });
  it('says so when a stage has none', () => {
    expect(criteriaText(stage([], []), settings)).toBe('No entry criteria: any contact may enter it.');
  });
});
