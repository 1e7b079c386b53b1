import { describe, expect, it } from 'vitest';
import { nearWords, spelledParts, spellingDistance, WordIndex } from './spelled-words.js';
import { spokenSpelling } from './spelling.js';

describe('spellingDistance', () => {
  it('costs letters that sound alike less than others', () => {
    // "p" for "b" (the e-set) against "k" for "b".
    expect(spellingDistance('bright', 'pright')).toBeLessThan(spellingDistance('bright', 'kright'));
    expect(spellingDistance('nguyen', 'nguyen')).toBe(0);
    // m and n, i and y: "n g u i n" is one alike letter and one lost letter off "nguyen".
    expect(spellingDistance('nguyen', 'nguin')).toBeLessThan(1.5);
  });

  it('costs a lost double letter less than another lost letter', () => {
    expect(spellingDistance('rossi', 'rosi')).toBeLessThan(spellingDistance('rossi', 'rssi'));
  });

  it('gives up once over the limit', () => {
    expect(spellingDistance('kowalski', 'zzzzzzzz', 2)).toBe(Infinity);
  });
});

describe('nearWords', () => {
  const index = new WordIndex(['nguyen', 'newman', 'kowalski', 'cowalski', 'bright', 'smile', 'fright', 'bluefin', 'yoga', 'rossi', 'ross', 'x1', 'Capital']);

  it('finds the written words near spelled letters heard, nearest first', () => {
    const near = nearWords(index, 'nguin');
    expect(near[0]?.word).toBe('nguyen');
    expect(near.map((n) => n.word)).not.toContain('kowalski');
    // "cowalski" starts with a letter that does not sound like k: a word's first letter is heard clearly.
    expect(nearWords(index, 'kawklski').map((n) => n.word)).toEqual(['kowalski']);
  });

  it('never offers the letters heard themselves, nor words far from them', () => {
    expect(nearWords(index, 'rossi').map((n) => n.word)).toEqual(['ross']);
    expect(nearWords(index, 'qqqqqq')).toEqual([]);
  });

  it('runs two words together for a domain only when asked', () => {
    expect(nearWords(index, 'prightsnile').map((n) => n.word)).not.toContain('brightsmile');
    expect(nearWords(index, 'prightsnile', { compounds: true })[0]?.word).toBe('brightsmile');
  });
});

describe('spelledParts', () => {
  it('cuts a spelled email into runs of letters and the words between them', () => {
    expect(spelledParts('p r i g h t s n i l e dot com', 'email')).toEqual([
      { letters: 'prightsnile', said: ['p', 'r', 'i', 'g', 'h', 't', 's', 'n', 'i', 'l', 'e'] },
      { said: ['dot', 'com'] },
    ]);
    expect(
      spelledParts('a n n a at b l u e dot c o m', 'email')
        ?.filter((p) => 'letters' in p)
        .map((p) => ('letters' in p ? p.letters : '')),
    ).toEqual(['anna', 'blue']);
  });

  it('reads NATO words and "eight" among letters as their letters, a leading "eight" as the digit', () => {
    expect(spelledParts('y m a m a sierra', 'name')).toEqual([{ letters: 'ymamas', said: ['y', 'm', 'a', 'm', 'a', 'sierra'] }]);
    expect(spelledParts('g r eight n dot com', 'email')?.[0]).toEqual({ letters: 'gran', said: ['g', 'r', 'eight', 'n'] });
    expect(spelledParts('eight b c dot com', 'email')?.[0]).toEqual({ said: ['eight'] });
  });

  it('splits a name at "space"', () => {
    expect(spelledParts('a n a space l o p e z', 'name')?.map((p) => ('letters' in p ? p.letters : p.said.join(' ')))).toEqual(['ana', 'space', 'lopez']);
  });

  it('leaves alone what is not plain spelling', () => {
    // "okay" (a yes to "could you spell it?") and NATO words alone: nothing to look up.
    expect(spelledParts('okay', 'name')).toBeNull();
    expect(spelledParts('oscar kilo alpha foxtrot oscar romeo', 'name')).toBeNull();
    expect(spelledParts('okay f l r', 'name')).toEqual([{ letters: 'okaflr', said: ['okay', 'f', 'l', 'r'] }]);
    expect(spelledParts('o as in oscar k as in kilo', 'name')).toBeNull();
    expect(spelledParts('double l', 'name')).toBeNull();
    expect(spelledParts('michael okafor', 'name')).toBeNull();
    expect(spelledParts('dot com', 'email')).toBeNull();
  });
});

describe('spokenSpelling with words for letters', () => {
  it('takes the NATO word where the letter heard before "as in" disagrees with it', () => {
    // flite:slt "o as in oscar, k as in kilo, a as in alpha ..." heard by PocketSphinx.
    expect(spokenSpelling('l as in oscar k as in kilo p as in alpha f as in foxtrot l as in oscar r as in romeo', 'name')).toBe('Okafor');
    expect(spokenSpelling('n as in november g as in golf u as in uniform y as in yankee p as in echo n as in november', 'name')).toBe('Nguyen');
    expect(spokenSpelling('m as in mike a r y', 'name')).toBe('Mary');
    expect(spokenSpelling('b as in boy o b', 'name')).toBe('Bob');
    // A word that is neither the letter's nor a NATO word is no spelling.
    expect(spokenSpelling('b as in apple o b', 'name')).toBeNull();
  });
});
