import { describe, expect, it } from 'vitest';
import { DEFAULT_TAXONOMY } from './defaults.js';
import { TagMatcher } from './tags.js';

const m = new TagMatcher(DEFAULT_TAXONOMY);
const ids = (text: string, cats?: string[]) => m.match(text, cats).map((x) => x.tag);

describe('tag matcher', () => {
  it('maps inflections and any word order to one canonical tag', () => {
    expect(ids('I am interested in hair coloring')).toEqual(['hair-coloring']);
    expect(ids('color service inquiry')).toEqual(['hair-coloring']);
    expect(ids('Coloured? no: I want my hair colored')).toEqual(['hair-coloring']);
    expect(ids('some HIGHLIGHTS please')).toEqual(['hair-coloring']);
  });

  it('finds several tags in one answer, each once', () => {
    expect(ids('a haircut and a blow dry, my friend recommended you').sort()).toEqual(['friend-referral', 'haircut', 'styling']);
    expect(m.matchAll(['hair cut', 'trim please', 'Haircut']).map((x) => x.tag)).toEqual(['haircut']);
  });

  it('takes a choice value (the tag id) as it is', () => {
    expect(ids('hair-coloring')).toEqual(['hair-coloring']);
    expect(ids('walked-by')).toEqual(['walked-by']);
  });

  it('limits the search to categories', () => {
    expect(ids('I saw you on Instagram and want a trim', ['campaign'])).toEqual(['instagram']);
  });

  it('ignores stop words and invents nothing', () => {
    expect(ids('the a an of to in on')).toEqual([]);
    expect(ids('something else entirely: a manicure')).toEqual([]);
    expect(ids('')).toEqual([]);
    expect(ids('<script>alert(1)</script>')).toEqual([]);
    expect(ids('x'.repeat(100_000))).toEqual([]);
  });

  it('says which phrase matched, and synonyms are data', () => {
    expect(m.match('balayage')[0]).toEqual({ tag: 'hair-coloring', category: 'service', matched: 'balayage' });
    const custom = new TagMatcher([{ id: 'service', name: 'Service', tags: [{ id: 'perm', name: 'Perm', synonyms: ['permanent wave', 'curls'] }] }]);
    expect(custom.match('waves that are permanent').map((x) => x.tag)).toEqual(['perm']);
    expect(custom.match('curly').map((x) => x.tag)).toEqual([]);
    expect(custom.match('more curls').map((x) => x.tag)).toEqual(['perm']);
  });

  it('resolves a tag by id or name, any case', () => {
    expect(m.resolve('Hair Coloring')).toEqual({ id: 'hair-coloring', name: 'Hair coloring', category: 'service' });
    expect(m.resolve('INSTAGRAM')?.id).toBe('instagram');
    expect(m.resolve('nope')).toBeNull();
  });
});
