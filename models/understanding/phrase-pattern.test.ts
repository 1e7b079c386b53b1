import { describe, expect, it } from 'vitest';
import { expandPattern, patternSafe } from './phrase-pattern.js';

describe('phrase patterns', () => {
  it('expands alternatives and optional parts into every phrasing', () => {
    expect(expandPattern('( talk | speak ) to [ a ] person').sort()).toEqual(['speak to a person', 'speak to person', 'talk to a person', 'talk to person']);
    expect(expandPattern('is there ( anyone | someone ) [ here | i can talk to ]')).toHaveLength(6);
    expect(expandPattern('start over')).toEqual(['start over']);
  });

  it('names an unbalanced bracket', () => {
    expect(() => expandPattern('( talk | speak to')).toThrow(/"\(" without "\)"/);
    expect(() => expandPattern('talk ] to')).toThrow(/unexpected "\]"/);
  });

  it('makes staff text safe to embed', () => {
    expect(patternSafe('do you (really) take cards | cash [sic]')).toBe('do you really take cards cash sic');
  });
});
